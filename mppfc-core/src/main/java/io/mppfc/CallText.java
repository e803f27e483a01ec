package io.mppfc;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * A call as messages show it, in the form Java source writes it: {@code f("a b", 2, 3L)}. Text
 * is quoted and escaped as a literal, so {@code "a b"} and the two arguments {@code a} and {@code b}
 * read apart, and an empty string is seen; the result is one line, cut and escaped for a terminal
 * or a log ({@code ShownText}).
 */
final class CallText {

    /** Longer argument lists are cut: a message names a call, it does not dump it. */
    private static final int MAX = 200;

    private CallText() {
    }

    /** {@code name(arguments)}. */
    static String call(String name, Object[] arguments) {
        return name + "(" + shown(list(arguments)) + ")";
    }

    /** {@code arguments ("a b", 2)}, for messages that name the function apart. */
    static String arguments(Object[] arguments) {
        return "arguments (" + shown(list(arguments)) + ")";
    }

    private static String list(Object[] arguments) {
        StringBuilder out = new StringBuilder();
        try {
            for (int i = 0; i < arguments.length && out.length() <= MAX; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                value(arguments[i], out, 0);
            }
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            // a toString of the user's that throws, or recurses through a cyclic graph, or a class
            // it needs that is missing: the count says enough, and the call goes on
            return arguments.length + " arguments";
        }
        return out.toString();
    }

    /** Cut first, then escaped: an escape is never cut in half. */
    private static String shown(String text) {
        int end = MAX - 3;
        if (text.length() > MAX && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // a pair is never split
        }
        return io.mppfc.text.ShownText.line(text.length() > MAX ? text.substring(0, end) + "..." : text,
                Integer.MAX_VALUE);
    }

    private static void value(Object value, StringBuilder out, int depth) {
        if (out.length() > MAX) {
            return; // cut anyway: a deep or long value is not walked further
        }
        if (depth > 8) {
            out.append("...");
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            quoted(text, '"', out);
        } else if (value instanceof Character c) {
            quoted(String.valueOf(c), '\'', out);
        } else if (value instanceof Long) {
            out.append(value).append('L');
        } else if (value instanceof Float f) {
            out.append(f.isNaN() || f.isInfinite() ? "Float." + (f.isNaN() ? "NaN" : f > 0 ? "POSITIVE_INFINITY"
                    : "NEGATIVE_INFINITY") : f + "f");
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("Double.").append(d.isNaN() ? "NaN" : d > 0 ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
        } else if (value instanceof Enum<?> constant) {
            out.append(constant.getDeclaringClass().getSimpleName()).append('.').append(constant.name());
        } else if (value.getClass().isArray()) {
            out.append('{');
            // every miss describes its arguments: a 16 MB double[] was walked whole (60 MB of boxes and separators) to show 200 characters
            for (int i = 0; i < Array.getLength(value) && out.length() <= MAX; i++) {
                separator(i, out);
                value(Array.get(value, i), out, depth + 1);
            }
            out.append('}');
        } else if (value instanceof Collection<?> collection) {
            out.append('[');
            Iterator<?> elements = collection.iterator();
            for (int i = 0; elements.hasNext() && out.length() <= MAX; i++) {
                separator(i, out);
                value(elements.next(), out, depth + 1);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                separator(i++, out);
                value(entry.getKey(), out, depth + 1);
                out.append('=');
                value(entry.getValue(), out, depth + 1);
                if (out.length() > MAX) {
                    break;
                }
            }
            out.append('}');
        } else if (value instanceof Record record) {
            record(record, out, depth);
        } else {
            out.append(value);
        }
    }

    /** As a record's own toString, with its components in the same form; the record's toString if they cannot be read. */
    private static void record(Record record, StringBuilder out, int depth) {
        int start = out.length();
        try {
            out.append(record.getClass().getSimpleName()).append('[');
            RecordComponent[] components = record.getClass().getRecordComponents();
            for (int i = 0; i < components.length && out.length() <= MAX; i++) {
                separator(i, out);
                out.append(components[i].getName()).append('=');
                value(components[i].getAccessor().invoke(record), out, depth + 1);
            }
            out.append(']');
        } catch (ReflectiveOperationException | RuntimeException e) { // a package not open to mppfc
            out.setLength(start);
            out.append(record);
        }
    }

    private static void separator(int i, StringBuilder out) {
        if (i > 0) {
            out.append(", ");
        }
    }

    private static void quoted(CharSequence text, char quote, StringBuilder out) {
        out.append(quote);
        for (int i = 0; i < text.length() && i <= MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append(quote);
    }
}
