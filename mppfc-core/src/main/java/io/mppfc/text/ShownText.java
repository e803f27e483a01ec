package io.mppfc.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text from outside mppfc (a host's stderr relayed by ssh, a worker's stderr, what the command
 * line shows of files and user code), as data: it goes into messages and logs that a person
 * reads at a terminal, so every control character and bidirectional override is shown as
 * a visible escape (ESC as {@code \u001b}) and never obeyed, and a line is cut; a stream is kept
 * to its first lines however much the host sends.
 */
public final class ShownText {

    /** Characters of one line kept. */
    public static final int LINE = 500;
    /** Lines of a stream kept; the rest is read and dropped, so the host is never blocked on a full pipe. */
    public static final int LINES = 40;

    private ShownText() {
    }

    /**
     * The text on one line, escaped and cut at {@link #LINE} characters.
     *
     * @param text the text, possibly null
     * @return the text, safe to print as one item of a line
     */
    public static String line(String text) {
        return line(text, LINE);
    }

    /**
     * A value's text (a path, a store, a key) on one line, as {@link #line(String)} makes it: a
     * file name read from disk or a key listed from a store may hold any character.
     *
     * @param value the value, possibly null
     * @return its text, safe to print as one item of a line
     */
    public static String line(Object value) {
        return line(value == null ? null : value.toString());
    }

    /**
     * The text on one line, escaped and cut at {@code max} characters of the original.
     *
     * @param text the text, possibly null
     * @param max characters kept
     * @return the text, safe to print as one item of a line
     */
    public static String line(String text, int max) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), max);
        if (end < text.length() && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // a pair is never split
        }
        return escaped(text, end, text.length());
    }

    /** The first {@code end} characters of {@code text} escaped, then how many of {@code length} were left out. */
    private static String escaped(CharSequence text, int end, long length) {
        StringBuilder out = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i)); // a pair: one character
                    } else if (unsafe(c) || Character.isSurrogate(c)) {
                        // a lone surrogate is no character: printed, it became a bare '?'
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (end < length) {
            out.append("... (").append(length - end).append(" more characters)");
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f // C0, DEL, C1
                || c == 0x061c || c == 0x200e || c == 0x200f // bidirectional marks
                || c >= 0x2028 && c <= 0x202e // line and paragraph separators, bidirectional embeddings
                || c >= 0x2066 && c <= 0x2069 // bidirectional isolates
                || c == 0xfeff;
    }

    /**
     * The first {@link #LINES} lines of a stream, each as {@link #line} makes it (the CR of a
     * CRLF dropped), reading the stream to its end without holding more of it.
     *
     * @param in the stream, read to its end and closed
     * @return the lines kept
     * @throws IOException if the stream cannot be read
     */
    public static List<String> lines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            long length = 0;
            boolean cr = false;
            for (int c = reader.read(); ; c = reader.read()) {
                if (c == '\n' || c < 0) {
                    if ((c >= 0 || length > 0) && lines.size() < LINES) {
                        long full = cr ? length - 1 : length; // a CRLF's CR ends the line, it is not its text
                        if (line.length() > full) {
                            line.setLength((int) full);
                        }
                        lines.add(escaped(line, line.length(), full));
                    }
                    if (c < 0) {
                        return lines;
                    }
                    line.setLength(0);
                    length = 0;
                    cr = false;
                } else {
                    if (length++ < LINE) {
                        line.append((char) c);
                    }
                    cr = c == '\r';
                }
            }
        }
    }
}
