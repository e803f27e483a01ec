package io.mppfc.launch;

/** Checks of the words that launcher options put on a command line. */
final class Words {

    private Words() {
    }

    /** Any text, as long as there is some: a path, an option passed as given. */
    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank");
        }
        return value;
    }

    /** A name that must stay one argument: never empty, split or taken for an option. */
    static String require(String value, String option) {
        if (value == null || value.isBlank() || value.startsWith("-")
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(option + " must be a name without spaces, not starting with \"-\", got "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
