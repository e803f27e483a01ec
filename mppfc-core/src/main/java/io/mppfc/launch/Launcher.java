package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a worker process is started: on this machine ({@link LocalJvmLauncher}, the default), as
 * a Slurm job step ({@link SlurmLauncher}) or over SSH ({@link SshLauncher}). Whatever starts
 * it, the worker speaks the same protocol on its stdin and stdout, and writes its results into
 * the cache directory itself where it sees it (a file system shared with the coordinator), or
 * else sends them to the coordinator over its stdout.
 *
 * <p>The pool calls {@link #command(WorkerJvm)} once per worker it starts (also for a worker
 * that replaces a dead one), from any thread: implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface Launcher {

    /** The worker's main class. */
    String MAIN_CLASS = "io.mppfc.worker.WorkerMain";

    /**
     * Returns the process that runs one worker.
     *
     * @param jvm the worker JVM's options and classpath, and the worker's number
     * @return the command line and environment
     * @throws IllegalStateException if no worker can be started any more (say, every host refused)
     */
    WorkerCommand command(WorkerJvm jvm);

    /**
     * Returns the path under which workers find a cache directory. By default the coordinator's
     * own path, made absolute (a remote shell starts in the home directory).
     *
     * @param cacheDirectory a function's cache directory as the coordinator sees it
     * @return the same directory as the workers see it
     */
    default String workerCacheDirectory(Path cacheDirectory) {
        return cacheDirectory.toAbsolutePath().normalize().toString();
    }

    /**
     * Returns whether workers run on this machine. Only then is a worker count bounded by this
     * machine's cores, and only otherwise do workers check that they see the coordinator's
     * cache directory (not a directory of the same name on their own disk).
     *
     * @return whether workers run on this machine
     */
    default boolean runsOnThisMachine() {
        return false;
    }

    /**
     * Returns how long a worker may take from launch to ready unless the user says otherwise
     * ({@code workerStartTimeout}): 60 s by default, time enough for any JVM to start. A
     * launcher whose workers may wait in a queue first returns null, for no limit.
     *
     * @return the default start timeout, or null for none
     */
    default Duration defaultStartTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * Explains, in this launcher's terms, why a worker process ended: what Slurm reported, which
     * SSH host refused. Called once for every worker that ended without being asked to.
     *
     * @param command what was started
     * @param exitValue the exit value of the process this launcher started
     * @param wasReady whether the worker got as far as saying it was ready
     * @param lastStderrLines the last lines the process wrote to stderr
     * @return the explanation, or null for the generic one (exit code, signal, stderr)
     */
    default ExitReport explainExit(WorkerCommand command, int exitValue, boolean wasReady,
            List<String> lastStderrLines) {
        return null;
    }

    /**
     * What a launcher knows about a worker's end.
     *
     * @param explanation what happened, starting with a verb ("was cancelled by Slurm: ...")
     * @param placementRefused whether the place (an SSH host) refused the worker: the launcher puts
     *     no more workers there, and the failure does not count against the function itself
     * @param expectedRestart whether the end is a step of the launcher's own course (a first start
     *     on a host that is being shipped the classpath): the replacement is then no warning
     */
    record ExitReport(String explanation, boolean placementRefused, boolean expectedRestart) {

        /**
         * A report of an end that the launcher did not bring about itself.
         *
         * @param explanation what happened, starting with a verb
         * @param placementRefused whether the place refused the worker
         */
        public ExitReport(String explanation, boolean placementRefused) {
            this(explanation, placementRefused, false);
        }
    }
}
