package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
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
        return "not JSON (" + ArgumentSource.plain(message) + ")";
    }

    /** Why a value is not of the parameter's type. */
    static String ofValue(JsonProcessingException e) {
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
        if (message.startsWith("Cannot coerce Floating-point value")) {
            return where + "not a whole number";
        }
        if (e instanceof InvalidFormatException) {
            return where + ArgumentSource.plain(message);
        }
        if (message.contains("not supported by default")) {
            return where + "a type the command line cannot read from JSON yet (java.time values, Optional); "
                    + "give such arguments with --args-from, a static method returning them";
        }
        if (message.startsWith("Cannot map `null` into type ")) {
            return where + "null where a number is needed";
        }
        return where + ArgumentSource.plain(message);
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return ": " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return ": " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "; a BigInteger parameter takes any";
        }
        if (type == short.class || type == Short.class) {
            return ": " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
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
