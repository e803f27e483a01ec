package io.mppfc.cli;

import java.io.Console;

/** Whether output goes to a person at a terminal (progress is redrawn in place) or to a log. */
final class Terminal {

    private Terminal() {
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
