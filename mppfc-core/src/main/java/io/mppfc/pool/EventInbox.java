package io.mppfc.pool;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The coordinator's events, posted by any thread and taken by the coordinator's alone. A post
 * wakes the coordinator only if it sleeps, a batch wakes it once, and a quiet post not at all:
 * the coordinator takes it at its next turn, which comes within a tick while it has workers.
 *
 * <p>Why not a {@code LinkedBlockingQueue}: with trivial tasks on two cores, the coordinator
 * was woken about once per event (a futex call by the poster, a switch to the coordinator and
 * back), four times per task, which took a core from the workers. A worker's frames arrive
 * several to a read, and a task queued behind others needs no turn of its own.
 */
final class EventInbox {

    private final ConcurrentLinkedQueue<PoolEvent> events = new ConcurrentLinkedQueue<>();
    /** The coordinator's thread while it sleeps, else null. */
    private volatile Thread sleeper;

    void post(PoolEvent event) {
        events.add(event);
        wake();
    }

    /** The events in order, with one wake-up. */
    void postAll(List<PoolEvent> batch) {
        if (!batch.isEmpty()) {
            events.addAll(batch);
            wake();
        }
    }

    /**
     * Without waking the coordinator. A caller that must be sure of a prompt turn checks its
     * condition after this call and then {@link #wake}s: the coordinator looks for events after
     * it publishes that it sleeps, so one of the two sees the other.
     */
    void postQuietly(PoolEvent event) {
        events.add(event);
    }

    void wake() {
        Thread thread = sleeper;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Moves the waiting events into {@code batch}; when there are none, sleeps until a post
     * wakes it, or for at most {@code nanos} (without a bound when negative).
     */
    void takeInto(List<PoolEvent> batch, long nanos) throws InterruptedException {
        if (!drainInto(batch)) {
            sleep(nanos);
            drainInto(batch);
        }
    }

    private void sleep(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        sleeper = Thread.currentThread();
        try {
            while (events.isEmpty()) {
                if (nanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            sleeper = null;
        }
    }

    private boolean drainInto(List<PoolEvent> batch) {
        boolean any = false;
        for (PoolEvent event = events.poll(); event != null; event = events.poll()) {
            batch.add(event);
            any = true;
        }
        return any;
    }
}
