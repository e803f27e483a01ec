package io.mppfc.pool;

import io.mppfc.launch.Launcher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.Messages;
import java.util.List;

/**
 * What is known when a worker process has ended, as its I/O threads saw it.
 *
 * @param exitValue the process's exit value, or null if it never started
 * @param startError why it could not be started, or null
 * @param lastStderr its last stderr lines
 * @param lastStdoutText the printable part of the last non-frame bytes on its stdout, or null
 * @param command what was started
 */
record WorkerExit(Integer exitValue, String startError, List<String> lastStderr, String lastStdoutText,
        WorkerCommand command) {

    /**
     * How it ended, in words.
     *
     * @param clean exit code 0 and not killed by the coordinator
     * @param how what happened, for messages ("worker 2 (pid 123) was killed by signal 9 ...")
     * @param placementRefused the launcher says the place refused the worker
     * @param coordinatorSilent the worker left because it heard nothing from the coordinator
     * @param expectedRestart the launcher says the end is a step of its own course: no warning
     * @param quotesStderr {@code how} quotes the worker's last stderr lines
     */
    record Description(boolean clean, String how, boolean placementRefused, boolean coordinatorSilent,
            boolean expectedRestart, boolean quotesStderr) {

        Description(boolean clean, String how, boolean placementRefused, boolean coordinatorSilent) {
            this(clean, how, placementRefused, coordinatorSilent, false, false);
        }

        Description(boolean clean, String how, boolean placementRefused, boolean coordinatorSilent,
                boolean expectedRestart) {
            this(clean, how, placementRefused, coordinatorSilent, expectedRestart, false);
        }
    }

    /** The java launcher's own last words when the JVM does not start: what it said before them says why. */
    private static final java.util.Set<String> LAUNCHER_BOILERPLATE = java.util.Set.of(
            "Error: Could not create the Java Virtual Machine.",
            "Error: A fatal exception has occurred. Program will exit.");

    /**
     * Whether the JVM of a worker on this machine ended by itself before the worker was ready: it
     * refused its options or class path, or an option made it do something else and exit
     * ({@code -version}). Nothing changes from one start to the next there, so none would start.
     * Only java's own exit codes for it (1 for a JVM not created, 0); a signal, an out-of-memory
     * exit or a silent coordinator is no refusal.
     */
    boolean jvmRefused(KillReason killed, boolean wasReady, boolean stopRequested, Launcher launcher) {
        return launcher.runsOnThisMachine() && !wasReady && killed == null && !stopRequested && exitValue != null
                && (exitValue == 0 || exitValue == 1);
    }

    /**
     * What the JVM said when it refused to start, one line: its stderr and stdout lines (some of its
     * messages go to stdout), without the launcher's boilerplate when it said more.
     */
    String jvmSaid() {
        List<String> said = new java.util.ArrayList<>(lastStderr.stream().map(String::strip)
                .filter(line -> !line.isEmpty()).toList());
        if (lastStdoutText != null && !lastStdoutText.isBlank()) {
            said.add(lastStdoutText.strip());
        }
        List<String> meant = said.stream().filter(line -> !LAUNCHER_BOILERPLATE.contains(line)).toList();
        List<String> shown = meant.isEmpty() ? said : meant;
        return shown.isEmpty() ? "nothing" : String.join("; ", shown);
    }

    /** Asks the launcher (once per exit: it may mark a host as refusing) and describes the end. */
    Description describe(int index, long pid, KillReason killed, boolean wasReady, Launcher launcher) {
        String where = launcher.runsOnThisMachine() ? "" : " on " + command.placement();
        String who = "worker " + index + (pid > 0 ? " (pid " + pid + where + ")" : where);
        if (exitValue == null) {
            return new Description(false, who + " could not be started (" + command.command().get(0) + "): "
                    + startError, false, false);
        }
        if (killed != null) {
            return new Description(false, who + " was killed by mppfc (" + killed.words + ")", false, false);
        }
        if (exitValue == 0) {
            return new Description(true, who + " exited", false, false);
        }
        if (exitValue == Messages.EXIT_COORDINATOR_SILENT) {
            return new Description(false, who + " heard nothing from this program for too long and exited", false,
                    true);
        }
        Launcher.ExitReport report = launcher.explainExit(command, exitValue, wasReady, lastStderr);
        if (report != null) {
            return new Description(false, who + " " + report.explanation(), report.placementRefused(), false,
                    report.expectedRestart());
        }
        return new Description(false, who + " " + how(wasReady) + details(), false, false, false,
                !lastStderr.isEmpty());
    }

    private String how(boolean wasReady) {
        if (exitValue > 128 && exitValue < 160) {
            int signal = exitValue - 128;
            return "was killed by signal " + signal + signalName(signal);
        } else if (exitValue == Messages.EXIT_OUT_OF_MEMORY || exitValue == 3) {
            return "ran out of memory (exit code " + exitValue + ")";
        } else if (lastStdoutText != null && lastStdoutText.contains(WorkerStdout.CRASH_REPORT)) {
            return "crashed (a fatal error of its JVM, exit code " + exitValue + ")";
        } else if (!wasReady) {
            return "exited with code " + exitValue + " before it was ready (check the workers' JVM options and "
                    + "class path)";
        }
        return "exited with code " + exitValue + " (System.exit in the function?)";
    }

    private String details() {
        return (lastStderr.isEmpty() ? "" : "; its last stderr lines:\n  " + String.join("\n  ", lastStderr))
                + (lastStdoutText == null ? "" : "; it last wrote to stdout: " + lastStdoutText);
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> " (SIGKILL: killed from outside, or by the kernel's out-of-memory killer)";
            case 15 -> " (SIGTERM)";
            case 6 -> " (SIGABRT: the JVM crashed)";
            case 11 -> " (SIGSEGV: the JVM crashed)";
            default -> "";
        };
    }
}
