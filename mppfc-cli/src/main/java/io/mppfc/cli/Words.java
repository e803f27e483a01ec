package io.mppfc.cli;

/** Counted nouns in what the commands print: "1 tuple", "2 tuples", "1 entry". */
final class Words {

    private Words() {
    }

    /**
     * @param n how many
     * @param singular the noun for one ("tuple", "entry")
     * @return the number and the noun, plural unless it is one
     */
    static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : plural(singular));
    }

    private static String plural(String singular) {
        if (singular.endsWith("y") && !singular.endsWith("ey")) {
            return singular.substring(0, singular.length() - 1) + "ies";
        }
        return singular + "s";
    }
}
