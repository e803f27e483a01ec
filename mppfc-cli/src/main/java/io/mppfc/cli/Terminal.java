package io.mppfc.cli;

import java.io.Console;

/**
 * Whether output goes to a person at a terminal (progress is redrawn in place) or to a log; and
 * text that came from user code or from disk made safe to print there.
 */
final class Terminal {

    /** Characters of one item kept on a line of text output; the JSON outputs have it whole. */
    static final int LINE_ITEM = 500;

    private Terminal() {
    }

    /**
     * Text from a function or from disk (a message, a trace line, arguments, a host, a file name)
     * as data on one line: every control character (C0, DEL, C1: ESC and OSC sequences, NUL, CR,
     * newlines), every line or paragraph separator and every bidirectional override is shown as
     * a visible escape (a backslash and n; a backslash, u and four hex digits for ESC), so that
     * nothing it holds can move the cursor, set a title, hide text or start a line of its own.
     * Cut at {@link #LINE_ITEM} characters.
     *
     * @param text the text, possibly null
     * @return the text, safe to print as one item of a line
     */
    static String line(String text) {
        return line(text, LINE_ITEM);
    }

    /**
     * As {@link #line(String)}, cut at {@code max} characters of the original.
     *
     * @param text the text, possibly null
     * @param max characters kept
     * @return the text, safe to print as one item of a line
     */
    static String line(String text, int max) {
        return io.mppfc.text.ShownText.line(text, max);
    }

    /**
     * From Java 22 {@code System.console()} may exist when nothing is a terminal; then its
     * {@code isTerminal()} tells (called reflectively: this code is compiled for Java 17).
     */
    static boolean attached() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // Java 17 to 21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
