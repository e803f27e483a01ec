package io.mppfc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command in this JVM, for commands that start no workers: what they print and their exit code. */
final class CliInProcess {

    private CliInProcess() {
    }

    static CliProcess.Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MppfcCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliProcess.Result(code, out.toString(), err.toString());
    }
}
