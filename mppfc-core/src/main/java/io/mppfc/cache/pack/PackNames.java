package io.mppfc.cache.pack;

/** A pack's file name, {@code pack-<generation, 12 hex digits>-<nonce, 16 hex digits>.mpk}, told by code. */
final class PackNames {

    private PackNames() {
    }

    private static final String PREFIX = "pack-";
    private static final String SUFFIX = ".mpk";
    static final int GENERATION_AT = PREFIX.length();
    private static final int NONCE_AT = GENERATION_AT + 12 + 1;
    private static final int NAME_LENGTH = NONCE_AT + 16 + SUFFIX.length();

    /**
     * Whether a file's name is a pack's, as {@link PackSet#NAME} says, told without a regular
     * expression: every listing of a packs directory (one per batch a worker publishes, one per
     * fold) tested each name, and the expression's matcher was among the largest methods a
     * worker's compilers worked on, still being compiled well into a long run.
     *
     * @param name a file's name
     * @return whether it is {@code pack-<12 hex digits>-<16 hex digits>.mpk}, digits in lower case
     */
    static boolean isName(String name) {
        return name.length() == NAME_LENGTH && name.startsWith(PREFIX) && name.endsWith(SUFFIX)
                && name.charAt(NONCE_AT - 1) == '-' && lowerHex(name, GENERATION_AT, 12)
                && lowerHex(name, NONCE_AT, 16);
    }

    private static boolean lowerHex(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
