package io.mppfc.footprint;

import io.mppfc.FootprintException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A value was refused somewhere inside an argument. Thrown at the offending part and given
 * one path segment by every container on the way out, so the happy path pays nothing for
 * the error message.
 */
final class Refusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Deque<String> path = new ArrayDeque<>();
    private final String reason;

    Refusal(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    Refusal at(String segment) {
        path.addFirst(segment);
        return this;
    }

    FootprintException toException() {
        String where = String.join(" \u2192 ", path);
        return new FootprintException(where.isEmpty() ? reason : where + ": " + reason);
    }

    /** A short, safe rendering of a key or element for an error message. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text;
        try {
            text = value instanceof CharSequence ? "\"" + value + "\"" : String.valueOf(value);
        } catch (RuntimeException e) {
            text = "a " + value.getClass().getName();
        }
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
