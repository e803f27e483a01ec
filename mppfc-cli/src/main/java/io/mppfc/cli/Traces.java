package io.mppfc.cli;

import io.mppfc.protocol.FailureText;

/** Stack traces as text. */
final class Traces {

    private Traces() {
    }

    /** Bounded, and written without recursion, as every failure is (see {@link FailureText}). */
    static String of(Throwable t) {
        return FailureText.of(t).stackTrace();
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
