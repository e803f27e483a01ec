package io.mppfc.pool;

import java.util.ArrayDeque;

/** The coordinator's view of one worker; touched by the coordinator's thread only. */
final class WorkerRecord {

    final int index;
    final WorkerProcess process;
    final ClassDataPlan sharing;
    /** What the worker's temp file names start with. */
    final String tempTag;
    final long launchedAt = System.nanoTime();
    /** Jobs sent and not yet done or failed, in the order sent (the worker runs them in that order). */
    final ArrayDeque<Task> outstanding = new ArrayDeque<>();
    boolean ready;
    long pid = -1;
    /** Where it runs, as it said when ready. */
    String host = "";
    boolean stopRequested;
    boolean stdinClosed;
    KillReason killed;
    /** The task running now, or null: only a STARTED frame makes a job running. */
    Task running;
    /** The running task is computing (not yet storing its result): the task timeout applies. */
    boolean computing;
    long runningSince;
    long heartbeatSentAt = System.nanoTime();

    WorkerRecord(int index, WorkerProcess process, ClassDataPlan sharing, String tempTag) {
        this.index = index;
        this.tempTag = tempTag;
        this.process = process;
        this.sharing = sharing;
    }

    /** Kills the process once; the first reason is the one that counts. */
    void kill(KillReason reason) {
        if (killed == null) {
            killed = reason;
        }
        process.kill();
    }

    boolean takesJobs() {
        return ready && !stopRequested && killed == null;
    }
}
