package io.mppfc.cache;

/**
 * A file of a format newer than this mppfc knows: written by a newer version sharing the cache,
 * not damage. It is a miss left where it is, never moved aside and never counted as damaged,
 * so versions sharing a cache (an NFS home, a CI cache) do not destroy each other's entries. A
 * subtype of the damage exception so that every reader refuses to use it; the callers that move
 * damage aside catch it first.
 */
public final class NewerFormatException extends CorruptEntryException {

    private static final long serialVersionUID = 1L;

    /**
     * The highest format version counted as a newer mppfc's, for entries, packs and failure records
     * alike. A format changes a few times in years; a version far past the current one is a flipped
     * or overwritten byte, and counting it as newer would leave damage in place for good.
     */
    public static final int NEWEST_PLAUSIBLE = 15;

    /** Whether a version this mppfc does not read is a newer mppfc's (not damage). */
    public static boolean isNewer(int version, int current) {
        return version > current && version <= NEWEST_PLAUSIBLE;
    }

    public NewerFormatException(String reason) {
        super(reason);
    }
}
