package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Numbers whose exponent no Java type holds. A {@code BigDecimal} is an unscaled value times ten to
 * an {@code int}; a text such as {@code 1e999999999999} is none, and a whole number such as
 * {@code 1e99999999} is one whose digits would take minutes and gigabytes to write out.
 */
final class JsonNumbers {

    /** The most digits of a whole number shown as an example of how to write it. */
    static final int MAX_EXAMPLE_DIGITS = 40;

    private JsonNumbers() {
    }

    /**
     * ", column N: TEXT is ..." for the first number of the line that no {@code BigDecimal} holds,
     * or a sentence without a place if the parser finds none (it did, once).
     */
    static String beyondEveryType(String line) {
        try (JsonParser p = ArgumentSource.JSON.createParser(line)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                    String text = p.getText();
                    if (!fitsBigDecimal(text)) {
                        return ", column " + p.currentTokenLocation().getColumnNr() + ": " + shorten(text)
                                + " is out of range: " + WHY;
                    }
                }
            }
        } catch (IOException e) {
            // read once before: the first problem is the number's
        }
        return ": a number is out of range: " + WHY;
    }

    private static final String WHY = "its exponent is beyond what any Java number holds (a BigDecimal's "
            + "reaches 10^2147483647)";

    private static boolean fitsBigDecimal(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** How many digits a whole value has before its point (1e5 has 6); 0 or less for a fraction below one. */
    static long integerDigits(BigDecimal value) {
        return (long) value.precision() - value.scale();
    }

    /**
     * "outside the range of int: ..." when a whole value does not fit the fixed-width integer type
     * it is meant for, decided from its count of digits before its digits are made; else null.
     */
    static String outsideFixedRange(Class<?> target, BigDecimal value, long digits) {
        int bits = target == byte.class || target == Byte.class ? 8 : target == short.class || target == Short.class
                ? 16 : target == int.class || target == Integer.class ? 32 : target == long.class || target == Long.class
                ? 64 : 0;
        if (bits == 0 || digits <= 19 && value.toBigInteger().bitLength() < bits) {
            return null;
        }
        return "outside the range of " + ArgumentSource.sourceName(target) + JsonProblems.range(target);
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
