package io.mppfc.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}, or ISO-8601 ({@code PT1H}). */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = SIMPLE.matcher(value.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(value.trim());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("\"" + value + "\" is longer than a duration can be (at most about "
                    + "292 billion years, " + Long.MAX_VALUE / 86_400 + "d)");
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not a duration; use e.g. 30s, 10m, 2h, 30d or PT1H");
        }
    }
}
