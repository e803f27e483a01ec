package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JSON value of the wrong kind for its parameter, told as what was written and how the Java
 * type is written instead ({@code a string; an int is written as a number, without quotes}),
 * never as the parser's tokens ({@code JsonToken.VALUE_STRING}) or its deserializers' classes.
 */
final class JsonKinds {

    private JsonKinds() {
    }

    /**
     * Why the value at {@code given} (whose text is {@code text}) cannot be a {@code target}, or
     * null when that is not a question of kinds (the caller then says what it knows).
     */
    static String mismatch(Class<?> target, JsonToken given, String text) {
        String has = given(given);
        if (has == null || target == null) {
            return null;
        }
        if (target.isEnum() && given == JsonToken.VALUE_STRING) {
            return ArgumentSource.sourceName(target) + " has no constant " + quoted(text) + "; its constants: "
                    + constants(target);
        }
        String wants = written(target);
        return wants == null ? null : has + "; " + wants;
    }

    /** A number with a fraction or an exponent where a whole number is taken. */
    static String notWhole(Class<?> target, String text) {
        String name = target == null ? "a whole number" : ArgumentSource.article(ArgumentSource.sourceName(target));
        try {
            BigDecimal value = new BigDecimal(text);
            if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
                // 1e99999999 is whole too: its digits would take a minute to write out, so they are
                // counted, never made, unless there are few
                long digits = JsonNumbers.integerDigits(value);
                String range = JsonNumbers.outsideFixedRange(target, value, digits);
                if (range != null) {
                    return range;
                }
                if (digits > ArgumentMapper.MAX_NUMBER_DIGITS) {
                    return "written with an exponent, a whole number of " + digits + " digits; mppfc reads at most "
                            + ArgumentMapper.MAX_NUMBER_DIGITS;
                }
                return "written with a fraction or an exponent; " + name + " is written without them"
                        + (digits <= JsonNumbers.MAX_EXAMPLE_DIGITS ? ", such as " + value.toBigInteger()
                                : ", in its " + digits + " digits");
            }
        } catch (NumberFormatException e) {
            // not a number's text: said as before
        }
        return "not a whole number";
    }

    private static String given(JsonToken token) {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            default -> null;
        };
    }

    /** How a value of the type is written in JSON, as a sentence naming the type. */
    private static String written(Class<?> type) {
        String a = ArgumentSource.article(ArgumentSource.sourceName(type));
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return a + " is written as a number, such as 1.5, or as \"NaN\", \"Infinity\" or \"-Infinity\"";
        }
        if (type.isPrimitive() && type != boolean.class && type != char.class || type == Byte.class
                || type == Short.class || type == Integer.class || type == Long.class || type == BigDecimal.class
                || type == BigInteger.class) {
            return a + " is written as a number, without quotes";
        }
        if (type == boolean.class || type == Boolean.class) {
            return a + " is written as true or false, without quotes";
        }
        if (type == char.class || type == Character.class) {
            return a + " is written as a string of one character, such as \"x\"";
        }
        if (type == String.class || type == CharSequence.class) {
            return a + " is written in quotes, such as \"text\"";
        }
        if (type.isEnum()) {
            return a + " is written as the name of one of its constants, in quotes: " + constants(type);
        }
        if (type.isArray()) {
            return a + " is written as an array, such as [1.5, 2.5]";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return (java.util.Set.class.isAssignableFrom(type) ? "a set" : "a list")
                    + " is written as an array, such as [1.5, 2.5]";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a map is written as an object, such as {\"a\": 1}, or as a list of [key, value] pairs";
        }
        if (type.isRecord()) {
            return "record " + ArgumentSource.sourceName(type) + " is written as an object of its fields: {"
                    + Arrays.stream(type.getRecordComponents()).map(c -> "\"" + c.getName() + "\": ...")
                            .collect(Collectors.joining(", ")) + "}";
        }
        return null;
    }

    private static String constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> "\"" + ((Enum<?>) c).name() + "\"")
                .collect(Collectors.joining(", "));
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(text))) + "\"";
    }
}
