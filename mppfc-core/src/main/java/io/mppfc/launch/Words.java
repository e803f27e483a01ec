package io.mppfc.launch;

/** Names that go into a command line as one argument each: never empty, split or taken for an option. */
final class Words {

    private Words() {
    }

    static String require(String value, String option) {
        if (value == null || value.isBlank() || value.startsWith("-")
                || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(option + " must be a name without spaces, not starting with \"-\", got "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
        return value;
    }
}
