package io.mppfc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Stack traces as text. */
final class Traces {

    private Traces() {
    }

    static String of(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** The first "at ..." line of a trace, for a one-line summary. */
    static String firstFrame(String trace) {
        if (trace == null) {
            return "";
        }
        for (String line : trace.split("\n")) {
            if (line.strip().startsWith("at ")) {
                return line.strip();
            }
        }
        return "";
    }
}
