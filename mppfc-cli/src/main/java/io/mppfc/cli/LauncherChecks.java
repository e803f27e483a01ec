package io.mppfc.cli;

import io.mppfc.protocol.DurationText;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The launcher options in the command line's words. The launchers' builders check their values
 * in the library's terms ({@code timeLimit must be at least one second, got PT0.5S}); what the
 * user typed was an option, and that is what an error names.
 */
final class LauncherChecks {

    private LauncherChecks() {
    }

    /** Sets one builder value, saying a refusal as the option's, not as the builder method's. */
    static void set(String option, String builderMethod, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            String said = String.valueOf(e.getMessage());
            // the builder's message begins with its method's name ("memory must be ...", "hosts: ...")
            if (said.startsWith(builderMethod + ":") || said.startsWith(builderMethod + " ")) {
                said = said.substring(builderMethod.length());
            } else {
                said = ": " + said;
            }
            throw new UsageException(option + said);
        }
    }

    /** Slurm counts a step's time limit in whole seconds, and a step needs one at least. */
    static void requireSlurmTime(Duration time) {
        if (time != null && time.getSeconds() < 1) {
            throw new UsageException("--slurm-time: a step's time limit is at least 1s (Slurm counts whole seconds), "
                    + "got " + DurationText.of(time));
        }
    }

    static void requireCpus(Integer cpusPerTask) {
        if (cpusPerTask != null && cpusPerTask < 1) {
            throw new UsageException("--slurm-cpus-per-task: give at least 1, got " + cpusPerTask);
        }
    }

    /**
     * The program a launcher runs ({@code srun}, {@code ssh}) is on {@code path}, the PATH this
     * command was given: without it every worker start fails, three times, in Java's words
     * ("Cannot run program "srun" (in directory ".")"), after the tuples were read.
     */
    static void requireOnPath(String program, String path, String launcher, String where) {
        if (path == null || path.isEmpty()) {
            return; // the system's default search, which cannot be looked at from here
        }
        for (String directory : path.split(File.pathSeparator, -1)) {
            for (String name : new String[] {program, program + ".exe"}) { // Windows' OpenSSH is ssh.exe
                Path candidate = Path.of(directory.isEmpty() ? "." : directory).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return;
                }
            }
        }
        throw new UsageException("--launcher " + launcher + ": " + program + " is not on this machine's PATH; " + where);
    }
}
