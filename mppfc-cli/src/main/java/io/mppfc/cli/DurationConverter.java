package io.mppfc.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code 500ms}, {@code 1.5s}, {@code 10m}, {@code 2h}, {@code 30d}, or ISO-8601 ({@code PT1H}): every
 * form {@link io.mppfc.protocol.DurationText} writes durations in is read back.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        Matcher m = SIMPLE.matcher(value.trim());
        if (value.trim().startsWith("-") && SIMPLE.matcher(value.trim().substring(1)).matches()) {
            throw new TypeConversionException("\"" + value + "\" is negative; give a duration such as 30s, 10m or 2h");
        }
        try {
            if (m.matches()) {
                long unit = switch (m.group(2)) {
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    case "h" -> 3_600_000_000_000L;
                    default -> 86_400_000_000_000L;
                };
                BigInteger nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).toBigInteger();
                BigInteger[] seconds = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
                return Duration.ofSeconds(seconds[0].longValueExact(), seconds[1].longValue());
            }
            Duration parsed = Duration.parse(value.trim());
            if (parsed.isNegative()) {
                throw new TypeConversionException("\"" + value + "\" is negative; give a duration such as 30s, 10m or 2h");
            }
            return parsed;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("\"" + value + "\" is longer than a duration can be (at most about "
                    + "292 billion years, " + Long.MAX_VALUE / 86_400 + "d)");
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("\"" + value + "\" is not a duration; use e.g. 30s, 10m, 2h, 30d or PT1H");
        }
    }
}
