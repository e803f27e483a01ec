package io.mppfc.worker;

import io.mppfc.FailureKind;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.protocol.FailureText;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stores the results a worker computed and says so, in order, on one thread: DONE once the
 * entry is in place, or FAILED. The computing thread hands over each result (or the function's
 * failure) and goes on with the next job: a file write costs about as much as a short task.
 * What piles up while this thread stores goes out together, in one write. (COMPUTED and
 * STARTED are the computing thread's to write, before the next function runs: see {@code
 * Worker}.)
 *
 * <p>A hand-over does not wake this thread: a wake-up cost the computing thread 40-55 µs per
 * task here (a futex call and an interrupt to the other core), a third of what a worker spent
 * between two 5 ms tasks. Others wake it instead, off the computing thread's path: the stdin
 * reader, on each frame from the coordinator (which answers every COMPUTED with the next job,
 * while it has any); the computing thread when it waits for a job, or when {@link #MAX_HELD}
 * results wait; and at the latest a nap of {@link #NAP_NANOS} while the computing thread runs.
 * Once the computing thread went idle, or handed over nothing for {@link #QUIET_NANOS} (a long
 * task), this thread sleeps without a bound, and the next hand-over wakes it.
 */
final class Reporter {

    /**
     * A result to store, or a failure to report.
     *
     * @param computed a result to store and report, or null
     * @param failed a failure to report, or null
     */
    record Report(Computed computed, WorkerReports.Failed failed) {
    }

    record Computed(Messages.Job job, Object value, long nanos) {
    }

    private static final Report END = new Report(null, null);
    /** Results held before the computing thread waits: values may be large. */
    static final int MAX_HELD = 8;
    /** How long a result waits at most while the computing thread runs and nothing else wakes this thread. */
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Naps stop after this long without a hand-over: a worker running long tasks is not woken 50 times a second. */
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ConcurrentLinkedQueue<Report> reports = new ConcurrentLinkedQueue<>();
    private final Semaphore room = new Semaphore(MAX_HELD);
    private final FrameWriter out;
    private final ResultStore results;
    private final Thread thread;
    /** Whether the computing thread waits for a job: nothing comes until it has one, so this thread may sleep. */
    private volatile boolean computingIdle = true;
    /** Whether this thread sleeps without a bound: the next hand-over must wake it. */
    private volatile boolean resting;
    /** When this thread last took a report; its own. */
    private long lastTaken;

    Reporter(FrameWriter out, ResultStore results, String name) {
        this.out = out;
        this.results = results;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands over a report, without waking this thread unless it rests or too many wait. */
    void report(Report report) throws InterruptedException {
        if (!room.tryAcquire()) {
            LockSupport.unpark(thread);
            room.acquire();
        }
        reports.add(report);
        if (resting) {
            LockSupport.unpark(thread);
        }
    }

    /** Wakes this thread if reports wait: cheap when none do, or when it is awake. */
    void nudge() {
        if (!reports.isEmpty()) {
            LockSupport.unpark(thread);
        }
    }

    /** The computing thread waits for a job from now on: what it handed over is stored now. */
    void computingIdle() {
        computingIdle = true;
        LockSupport.unpark(thread);
    }

    /** The computing thread runs a job again. */
    void computingBusy() {
        computingIdle = false;
    }

    /** Reports everything handed over, then returns (before the worker exits). */
    void finish(long timeout, TimeUnit unit) throws InterruptedException {
        report(END);
        LockSupport.unpark(thread);
        thread.join(unit.toMillis(timeout));
    }

    private void run() {
        try {
            while (true) {
                if (reports.isEmpty()) {
                    sleep();
                    // woken by the computing thread, the scheduler may have put this thread on its
                    // core: yielding lets it go on before this thread stores
                    Thread.yield();
                }
                if (!storeAndReport()) {
                    return;
                }
            }
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the coordinator is gone
        }
    }

    private void sleep() {
        if (!computingIdle && System.nanoTime() - lastTaken < QUIET_NANOS) {
            LockSupport.parkNanos(this, NAP_NANOS);
            return;
        }
        resting = true;
        if (reports.isEmpty()) { // checked again: a hand-over may have missed the flag
            LockSupport.park(this);
        }
        resting = false;
    }

    /**
     * Stores and reports what waits, up to {@link #MAX_HELD}, in one write (more would hold
     * back DONE while a fast computing thread keeps handing over); false once the end is reached.
     */
    private boolean storeAndReport() throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        boolean end = false;
        java.util.List<Report> batch = new java.util.ArrayList<>(MAX_HELD);
        java.util.List<Computed> computed = new java.util.ArrayList<>(MAX_HELD);
        for (Report r; batch.size() < MAX_HELD && !end && (r = reports.poll()) != null;) {
            batch.add(r);
            if (r.computed() != null) {
                computed.add(r.computed());
            }
            end = r == END;
        }
        results.storeAhead(computed); // a file per batch of small entries, not per entry
        int taken = 0;
        for (Report r : batch) {
            taken++;
            lastTaken = System.nanoTime();
            if (r.computed() != null) {
                frames.writeBytes(store(r.computed(), frames));
            }
            if (r.failed() != null) {
                frames.writeBytes(FrameWriter.frame(FrameType.FAILED, r.failed().encode()));
            }
        }
        out.writeFrames(frames.toByteArray());
        // room for the whole batch at once: released one by one, each store woke a computing
        // thread that waited for room, which handed over one more result and waited again
        room.release(taken);
        return !end;
    }

    /** DONE only once the entry is renamed into place, or sent to the coordinator. */
    private byte[] store(Computed computed, ByteArrayOutputStream frames) {
        Messages.Job job = computed.job();
        try {
            results.store(job, computed.value(), computed.nanos(), frames);
        } catch (ClassNotAllowedException e) {
            // policy, not a fault of the function's: the message says what to allow
            return FrameWriter.frame(FrameType.FAILED, new WorkerReports.Failed(job.id(), FailureKind.NOT_STORED,
                    e.getClass().getName(), "the result cannot be stored: " + e.getMessage(), "").encode());
        } catch (Exception | Error e) {
            // an Error too (a StackOverflowError encoding a deep value): this thread must live to report it
            FailureText text = FailureText.of(e);
            return FrameWriter.frame(FrameType.FAILED, new WorkerReports.Failed(job.id(), FailureKind.NOT_STORED,
                    text.exceptionClass(), "the result was computed but cannot be stored: " + text.message(),
                    text.stackTrace()).encode());
        }
        return FrameWriter.frame(FrameType.DONE,
                new WorkerReports.Done(job.id(), job.key(), computed.nanos()).encode());
    }
}
