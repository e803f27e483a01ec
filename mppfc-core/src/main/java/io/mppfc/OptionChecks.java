package io.mppfc;

import io.mppfc.protocol.DurationText;
import java.time.Duration;
import java.util.regex.Pattern;

/** The checks a {@link CacheBuilder} option's value passes where it is set; each message names the option and the value. */
final class OptionChecks {

    private static final Pattern PACKAGE = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*"
            + "(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    private OptionChecks() {
    }

    static void requireArgument(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static Duration positive(String option, Duration duration) {
        requireArgument(duration != null && duration.compareTo(Duration.ZERO) > 0,
                option + " must be a positive duration, got " + DurationText.of(duration));
        return duration;
    }

    /** A package name such as {@code example}, shown in the message when the name is not one. */
    static String packageName(String option, String name, String example) {
        requireArgument(name != null && PACKAGE.matcher(name).matches(),
                option + ": \"" + name + "\" is not a package name (like " + example + ")");
        return name;
    }
}
