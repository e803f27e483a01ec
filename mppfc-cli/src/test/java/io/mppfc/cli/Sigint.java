package io.mppfc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Whether a process ignores SIGINT, and how to start one that does not. */
final class Sigint {

    private static final long MASK = 1L << (2 - 1); // SIGINT is signal 2: bit 1 of /proc's masks
    private static final List<String> RESTORE = List.of("env", "--default-signal=INT");

    private Sigint() {
    }

    /**
     * The words to put before a command so it starts with SIGINT at its default disposition:
     * {@code env --default-signal=INT} (GNU coreutils 8.31 and later). Without it, nothing when
     * this JVM does not ignore SIGINT; otherwise the test is skipped, saying why.
     */
    static List<String> restoringPrefix() {
        if (envRestoresSigint()) {
            return RESTORE;
        }
        Optional<Boolean> ignored = ignoredBy(ProcessHandle.current().pid());
        assumeTrue(ignored.isPresent() && !ignored.get(), "this JVM ignores SIGINT (started as a background job?) or "
                + "cannot tell (no /proc), and env --default-signal=INT (GNU coreutils 8.31+) is not there to restore it "
                + "for the process under test");
        return List.of();
    }

    /** Whether the process ignores SIGINT, read from /proc/PID/status; empty where there is no /proc. */
    static Optional<Boolean> ignoredBy(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    return Optional.of((Long.parseUnsignedLong(line.substring(7).trim(), 16) & MASK) != 0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean envRestoresSigint() {
        try {
            List<String> probe = new java.util.ArrayList<>(RESTORE);
            probe.add("true");
            Process env = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return env.waitFor(30, TimeUnit.SECONDS) && env.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
