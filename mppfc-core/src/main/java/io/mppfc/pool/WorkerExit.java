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
     */
    record Description(boolean clean, String how, boolean placementRefused, boolean coordinatorSilent,
            boolean expectedRestart) {

        Description(boolean clean, String how, boolean placementRefused, boolean coordinatorSilent) {
            this(clean, how, placementRefused, coordinatorSilent, false);
        }
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
        return new Description(false, who + " " + how(wasReady) + details(), false, false);
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
