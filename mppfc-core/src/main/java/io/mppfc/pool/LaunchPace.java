package io.mppfc.pool;

/**
 * Which of the workers asked for by the last start to launch next. On this machine a few start
 * at a time: a JVM starting keeps about two cores busy (its main thread, the JIT), so more at
 * once only share the cores, and the first result waits for all of them (2 workers on 2 cores:
 * 510-540 ms to the first result together, 350-368 ms one after the other). Elsewhere all start
 * at once. Used by the coordinator's thread only.
 */
final class LaunchPace {

    /** For workers on this machine: half the processors, at least one. */
    static final int LOCAL_AT_ONCE = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final int atOnce;
    private int wanted;
    private int launched;

    LaunchPace(int atOnce) {
        this.atOnce = atOnce;
    }

    void start(int count) {
        wanted = count;
        launched = 0;
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

    /**
     * @param starting how many launched workers are not ready yet
     * @return the number of the worker to launch now (from 1), or 0 for none
     */
    int next(int starting) {
        return pending() && starting < atOnce ? ++launched : 0;
    }
}
