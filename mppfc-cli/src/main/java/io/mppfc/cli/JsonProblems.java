package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What was wrong with argument JSON, in the terms of the user's Java code: records and their
 * fields, Java types and their ranges; never Jackson's settings, features or class names.
 */
final class JsonProblems {

    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'.*",
            Pattern.DOTALL);
    private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '(-?(?:NaN|Infinity|INF))'.*",
            Pattern.DOTALL);
    private static final Pattern UNEXPECTED = Pattern.compile("Unexpected character \\('(.*?)' \\(code (\\d+)[^)]*\\)\\)(.*)",
            Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '([^']*)'.*",
            Pattern.DOTALL);

    private JsonProblems() {
    }

    /** ", column N" where the problem is, or nothing when Jackson does not say. */
    static String column(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getColumnNr() < 1 ? "" : ", column " + at.getColumnNr();
    }

    /**
     * As {@link #column(JsonProcessingException)}; for a limit, which Jackson reports without a
     * place, the column where reading the text token by token stops.
     */
    static String column(JsonProcessingException e, String text) {
        String known = column(e);
        if (!known.isEmpty()) {
            return known;
        }
        JsonParser p = null;
        try {
            p = ArgumentSource.JSON.createParser(text);
            while (p.nextToken() != null) {
                // read to the token that breaks the limit
            }
            return "";
        } catch (java.io.IOException again) {
            return p == null ? "" : ", column " + p.currentLocation().getColumnNr();
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (java.io.IOException ignored) {
                    // a parser over a string
                }
            }
        }
    }

    /** A problem of the text itself: too long a number, too deep, a key given twice, not JSON. */
    static String ofText(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException) {
            if (message.contains("nesting depth")) {
                return "nested deeper than " + ArgumentMapper.MAX_NESTING + " levels";
            }
            if (message.toLowerCase(Locale.ROOT).contains("number")) {
                return "a number longer than " + ArgumentMapper.MAX_NUMBER_DIGITS + " digits (the longest mppfc reads)";
            }
            return "too large (" + ArgumentSource.plain(message) + ")";
        }
        Matcher nonNumeric = NON_NUMERIC.matcher(message);
        if (nonNumeric.matches()) {
            return nonNumeric.group(1) + " is not a JSON number: write it as \"" + nonNumeric.group(1)
                    + "\" (quoted, as mppfc ls --json does) for a double or float";
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.matches()) {
            return "the key \"" + duplicate.group(1) + "\" is given twice in one object";
        }
        String said = syntax(message);
        return "not JSON (" + (said != null ? said : ArgumentSource.plain(message)) + ")";
    }

    /** The parser's complaint about the text, in words about the text; null for one not known here. */
    private static String syntax(String message) {
        if (message.startsWith("Unexpected end-of-input")) {
            if (message.contains("Array")) {
                return "the line ends before the array is closed: a ] is missing";
            }
            if (message.contains("Object")) {
                return "the line ends before the object is closed: a } is missing";
            }
            return message.contains("quote") || message.contains("String") || message.contains("string")
                    ? "the line ends inside a string: its closing \" is missing"
                    : "the line ends before the value is complete";
        }
        Matcher unexpected = UNEXPECTED.matcher(message);
        if (unexpected.matches()) {
            int code = Integer.parseInt(unexpected.group(2));
            String rest = unexpected.group(3);
            String what = code == 0xFEFF ? "a byte order mark" : code < 0x20 ? "a control character (code " + code + ")"
                    : "'" + unexpected.group(1) + "'";
            if (code == '/' || code == '#') {
                return "unexpected " + what + ": a comment? JSON has no comments";
            }
            if (rest.contains("plus sign")) {
                return "unexpected " + what + ": JSON writes a number without a plus sign";
            }
            if (rest.contains("start field name")) {
                return "unexpected " + what + " where a field name belongs: write it in quotes, such as {\"x\": 1.5}";
            }
            if (rest.contains("root-level")) {
                return "unexpected " + what + " after the first value: the arguments go in one array, such as [1.5, 3]";
            }
            if (rest.contains("comma to separate")) {
                return "unexpected " + what + " where a comma or the end of the " + (rest.contains("Object") ? "object"
                        : "array") + " belongs";
            }
            return "unexpected " + what + " where a value belongs" + (code == ']' || code == '}'
                    ? " (a comma with nothing after it?)" : "");
        }
        Matcher unrecognized = UNRECOGNIZED.matcher(message);
        if (unrecognized.matches()) {
            return unrecognized.group(1) + " is not a JSON value: a string is written in quotes, "
                    + "true, false and null in lower case";
        }
        if (message.startsWith("Illegal unquoted character")) {
            return "a control character inside a string: write it escaped, such as \\t or \\u0009";
        }
        if (message.startsWith("Unrecognized character escape")) {
            return "a backslash escape JSON does not know, inside a string (a backslash itself is written \\\\)";
        }
        if (message.contains("Leading zeroes not allowed")) {
            return "a number with a leading zero: write 7, not 07";
        }
        if (message.startsWith("Unexpected close marker")) {
            return "a closing bracket that does not match the one opened";
        }
        return null;
    }

    /**
     * Why a value is not of the parameter's type; {@code given} and {@code text} are the token the
     * parser stopped at and its text.
     */
    static String ofValue(JsonProcessingException e, JsonToken given, String text) {
        if (e instanceof StreamConstraintsException) {
            return ofText(e);
        }
        String message = String.valueOf(e.getOriginalMessage());
        String where = e instanceof JsonMappingException m ? path(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            return where + "record " + ArgumentSource.sourceName(u.getReferringClass()) + " has no field \""
                    + u.getPropertyName() + "\"" + (u.getKnownPropertyIds() == null ? "" : "; its fields: "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        Matcher missing = MISSING.matcher(message);
        if (missing.matches()) {
            return "a record without its field \"" + missing.group(1) + "\"; give every field";
        }
        if (e instanceof InputCoercionException c && c.getTargetType() != null) {
            return where + "outside the range of " + ArgumentSource.sourceName(c.getTargetType()) + range(c.getTargetType());
        }
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (message.startsWith("Cannot coerce Floating-point value")) {
            return where + JsonKinds.notWhole(target, text);
        }
        if (target != null && target.isEnum()) {
            String kinds = JsonKinds.mismatch(target, given, text);
            if (kinds != null) {
                return where + kinds;
            }
        }
        if (e instanceof InvalidFormatException && !message.startsWith("Cannot ")) { // mppfc's own: "outside the range
            return where + ArgumentSource.plain(message);
        }
        if (message.contains("not supported by default")) {
            return where + "a type the command line cannot read from JSON yet (java.time values, Optional); "
                    + "give such arguments with --args-from, a static method returning them";
        }
        if (message.startsWith("Cannot map `null` into type ")) {
            return where + "null where a number is needed";
        }
        String kinds = JsonKinds.mismatch(target, given, text);
        return where + (kinds != null ? kinds : ArgumentSource.plain(message));
    }

    static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return ": " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return ": " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "; a BigInteger parameter takes any";
        }
        if (type == short.class || type == Short.class) {
            return ": " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        if (type == byte.class || type == Byte.class) {
            return ": " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        }
        return "";
    }

    /** Where in the argument, as Java reads it: {@code in .params.steps: }, {@code in [3]: }. */
    private static String path(JsonMappingException e) {
        StringBuilder at = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                at.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                at.append('[').append(r.getIndex()).append(']');
            }
        }
        return at.length() == 0 ? "" : "at " + at + ": ";
    }
}
