package io.mppfc.pool;

/**
 * Which of the workers asked for by the last start to launch next. On this machine a few start
 * at a time: a JVM starting keeps about two cores busy (its main thread, the JIT), so more at
 * once only share the cores, and the first result waits for all of them (2 workers on 2 cores:
 * 510-540 ms to the first result together, 350-368 ms one after the other). And one starts only
 * when a task waits for it, or once the pool has answered a task: a worker starting beside the
 * one computing the only task took up to 160 ms of CPU from it on two cores, on the way to a first
 * result that it could not speed up. Elsewhere all start at once. Used by the coordinator's
 * thread only.
 */
final class LaunchPace {

    /** For workers on this machine: half the processors, at least one. */
    static final int LOCAL_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final int atOnce;
    private int wanted;
    private int launched;
    /** Whether a task of this start was done or failed: from then on the rest launch as cores allow. */
    private boolean answered;

    LaunchPace(int atOnce) {
        this.atOnce = atOnce;
    }

    void start(int count) {
        wanted = count;
        launched = 0;
        answered = false;
    }

    /**
     * How many workers share the queue, for a job window: all those asked for, launched or not.
     * Counted as launched, the first of two launched one at a time took every queued job.
     */
    int sharing(int launched) {
        return Math.max(launched, wanted);
    }

    /** Whether some asked for are not launched yet. */
    boolean pending() {
        return launched < wanted;
    }

    /** Whether the first was launched: the rest follow without waiting for more work. */
    boolean begun() {
        return launched > 0;
    }

    /** A task was done or failed: the workers not launched yet need no task waiting any more. */
    void answered() {
        answered = true;
    }

    /**
     * @param starting how many launched workers are not ready yet
     * @param waiting how many tasks no worker will start next: queued, or held behind the job a
     *     worker runs or starts next
     * @return the number of the worker to launch now (from 1), or 0 for none
     */
    int next(int starting, int waiting) {
        return pending() && starting < atOnce && (waiting > 0 || answered || atOnce == Integer.MAX_VALUE)
                ? ++launched : 0;
    }
}
