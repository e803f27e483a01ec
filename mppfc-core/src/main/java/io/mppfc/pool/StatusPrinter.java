package io.mppfc.pool;

import io.mppfc.Status;
import java.io.PrintStream;

/** Prints the status line: overwritten in place on a terminal, one line each time otherwise. */
final class StatusPrinter {

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private int lastLength;

    StatusPrinter(PrintStream out) {
        this.out = out;
    }

    void print(Status status) {
        String line = status.toString();
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    void finish(Status status) {
        print(status);
        if (terminal) {
            out.println();
        }
    }
}
