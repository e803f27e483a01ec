package io.mppfc.pool;

import java.util.List;

/** How one worker process is started: the command line that runs {@code io.mppfc.worker.WorkerMain}. */
@FunctionalInterface
public interface WorkerLauncher {

    /** The worker's main class. */
    String MAIN_CLASS = "io.mppfc.worker.WorkerMain";

    /**
     * Returns the command line, program first.
     *
     * @param spec the worker's JVM options and classpath
     * @return the command line, program first
     */
    List<String> command(WorkerSpec spec);
}
