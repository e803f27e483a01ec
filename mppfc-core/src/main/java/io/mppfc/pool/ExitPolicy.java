package io.mppfc.pool;

import io.mppfc.FailureKind;

/**
 * What follows a worker's exit: the fate of the task it was running, and whether it is
 * replaced. A pure function of the facts, so that every case is a unit test.
 */
final class ExitPolicy {

    /** Workers in a row that die before they are ready, after which the pool gives up. */
    static final int MAX_START_FAILURES = 3;

    /**
     * The worker that ended.
     *
     * @param wasReady it said READY
     * @param stopRequested the coordinator asked it to stop
     * @param killed why the coordinator killed it, or null
     * @param exit how it ended
     */
    record WorkerFacts(boolean wasReady, boolean stopRequested, KillReason killed, WorkerExit.Description exit) {
    }

    /**
     * The pool when it ended.
     *
     * @param accepting workers take tasks
     * @param broken the workers cannot run the function at all
     * @param startFailures workers in a row that died before they were ready, before this one
     * @param maxRetries how often a task whose worker died is tried again
     */
    record PoolFacts(boolean accepting, boolean broken, int startFailures, int maxRetries) {
    }

    /**
     * The task the worker was running.
     *
     * @param attempts workers that died computing it before this one
     * @param inCache its entry is in the cache (written before the worker could say so)
     */
    record RunningTask(int attempts, boolean inCache) {
    }

    /** What becomes of the running task. */
    enum Fate {
        /** its entry is in the cache */
        DONE,
        /** queued again, first */
        RETRY,
        /** failed, of {@link TaskDecision#failureKind()} */
        FAIL,
        /** ended without a result, counted as done (the original's terminate) */
        TERMINATED
    }

    record TaskDecision(Fate fate, FailureKind failureKind, int attempts) {
    }

    /**
     * @param running the running task's fate, or null if none ran
     * @param replace start a new worker in its place
     * @param breakDown give up: no worker can run the function
     * @param startFailures the count of workers in a row that died before they were ready
     */
    record Decision(TaskDecision running, boolean replace, boolean breakDown, int startFailures) {
    }

    private ExitPolicy() {
    }

    static Decision decide(WorkerFacts worker, PoolFacts pool, RunningTask running) {
        TaskDecision fate = running == null ? null : fate(worker, pool, running);
        boolean replace = pool.accepting() && !pool.broken() && !worker.stopRequested();
        int startFailures = pool.startFailures();
        boolean breakDown = false;
        if (replace && !worker.wasReady() && !worker.exit().placementRefused()) {
            startFailures++;
            if (startFailures >= MAX_START_FAILURES) {
                breakDown = true;
                replace = false;
            }
        }
        return new Decision(fate, replace, breakDown, startFailures);
    }

    /**
     * The fate of a task the worker ran whose report never came (a frame the coordinator could
     * not read): tried again or failed as for a worker death, since that is what cost the
     * report; a timeout or a stop was the running task's, not this one's.
     */
    static TaskDecision lost(WorkerFacts worker, PoolFacts pool, RunningTask task) {
        KillReason reason = worker.killed() == KillReason.TERMINATE ? KillReason.TERMINATE : KillReason.PROTOCOL_ERROR;
        return fate(new WorkerFacts(worker.wasReady(), worker.stopRequested(), reason, worker.exit()), pool, task);
    }

    private static TaskDecision fate(WorkerFacts worker, PoolFacts pool, RunningTask running) {
        if (running.inCache()) {
            return new TaskDecision(Fate.DONE, null, running.attempts());
        }
        if (worker.killed() == KillReason.TERMINATE) {
            return new TaskDecision(Fate.TERMINATED, FailureKind.TERMINATED, running.attempts());
        }
        if (worker.killed() == KillReason.TASK_TIMEOUT) {
            return new TaskDecision(Fate.FAIL, FailureKind.TIMED_OUT, running.attempts());
        }
        if (worker.exit().coordinatorSilent()) {
            return new TaskDecision(Fate.RETRY, null, running.attempts()); // this program's pause, not the task's fault
        }
        int attempts = running.attempts() + 1;
        return attempts > pool.maxRetries() ? new TaskDecision(Fate.FAIL, FailureKind.WORKER_DIED, attempts)
                : new TaskDecision(Fate.RETRY, null, attempts);
    }
}
