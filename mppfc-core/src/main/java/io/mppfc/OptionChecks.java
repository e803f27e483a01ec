package io.mppfc;

import io.mppfc.protocol.DurationText;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks a {@link CacheBuilder} option's value passes where it is set; each message names the
 * option and the value. An option that takes several values keeps none of them if one is refused.
 */
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

    static int notNegative(String option, int count) {
        requireArgument(count >= 0, option + " must not be negative, got " + count);
        return count;
    }

    /** A version salt: any text of at most 1000 characters. */
    static String version(String version) {
        requireArgument(version != null && version.length() <= 1000, "version must be a string of at most 1000 "
                + "characters, got " + (version == null ? "null" : version.length() + " characters"));
        return version;
    }

    static int zstdLevel(int level) {
        requireArgument(level >= 0 && level <= 19,
                "compress: a zstd level is 1 (fastest) to 19 (smallest), or 0 for none; got " + level);
        return level;
    }

    /** The name of a group of the system's, stripped of surrounding blanks. */
    static String groupName(String group) {
        requireArgument(group != null && !group.isBlank(), "sharedWithGroup: name the group, e.g. \"physics\"");
        return group.strip();
    }

    static String classpath(String option, String classpath) {
        requireArgument(classpath != null && !classpath.isBlank(), option + " must not be empty");
        return classpath;
    }

    static List<String> jvmOptions(String option, String... options) {
        for (String o : options) {
            requireArgument(o != null && !o.isBlank(), option + ": an option is null or blank");
        }
        return List.of(options);
    }

    static List<String> classNames(String option, Class<?>... classes) {
        return Stream.of(classes).map(c -> Objects.requireNonNull(c, option + ": a class is null").getName()).toList();
    }

    /** Package names, each checked as {@link #packageName} checks one. */
    static List<String> packageNames(String option, String[] names, String example) {
        for (String name : names) {
            packageName(option, name, example);
        }
        return List.of(names);
    }

    /** At least one package name, each checked as {@link #packageName} checks one. */
    static List<String> somePackageNames(String option, String[] names, String example) {
        requireArgument(names != null && names.length > 0, option + " needs at least one package name");
        return packageNames(option, names, example);
    }
}
