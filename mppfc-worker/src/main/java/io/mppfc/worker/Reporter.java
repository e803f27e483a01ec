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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stores the results a worker computed and says so, in order, on one thread: DONE once the
 * entry is in place, or FAILED. The computing thread hands over each result (or the function's
 * failure) and goes on with the next job: a file write costs about as much as a short task.
 *
 * <p>The small results of short tasks are published together ({@link ResultStore#hold}, one batch
 * pack for many): a result of a task shorter than {@link #PAUSE_NANOS} waits for others while
 * they keep coming, until none came for that long, the oldest has waited {@link #LINGER_NANOS},
 * or {@link #MOST_PENDING} wait. The result of a longer task is published at once: waiting would
 * gain no company and delay it. A crash loses at most what waits (the coordinator, told COMPUTED
 * but not DONE, runs those again). COMPUTED and STARTED are the computing thread's to
 * write (see {@code Worker}); every write of this thread also sends what it left in the buffer.
 *
 * <p>A hand-over does not wake this thread: a wake-up cost the computing thread 40-55 µs per
 * task here (a futex call and an interrupt to the other core), a third of what a worker spent
 * between two 5 ms tasks. Others wake it instead, off the computing thread's path: the stdin
 * reader, on each frame from the coordinator (which answers every COMPUTED with the next job,
 * while it has any); the computing thread when it waits for a job, or when {@link #MAX_HELD}
 * results wait to be taken; and at the latest a nap of {@link #NAP_NANOS} while the computing
 * thread runs. Once the computing thread went idle, or handed over nothing for {@link
 * #QUIET_NANOS} (a long task), this thread sleeps without a bound, and the next hand-over wakes it.
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
    /** Results handed over and not yet taken before the computing thread waits: values may be large. */
    static final int MAX_HELD = 8;
    /**
     * Results published together at most. The coordinator counts those it was told are computed
     * and not yet done against a bound of its own ({@code WorkerRecord.MAX_STORING}, at least
     * this plus {@link #MAX_HELD}): a worker holding more would be sent no job.
     */
    static final int MOST_PENDING = 64;
    /**
     * How long held results wait for the next one: none coming for this long, the stream of short
     * tasks has paused (a lone result's whole delay). Also the bound of a short task, whose
     * result is held: the next result is then likely to come within it.
     */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /**
     * How long a held result waits at most while others keep coming: a result's delay in a
     * stream of short tasks. With 2 ms (the pause alone), a fresh worker's batches held 4-10
     * results; each batch costs a listing, a created pack and a share of a fold, whatever its size.
     */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(8);
    /**
     * How long a result waits at most to be taken while the computing thread runs and nothing
     * else wakes this thread; frames the computing thread left in the buffer wait no longer.
     */
    static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Naps stop after this long without a hand-over: a worker running long tasks is not woken 200 times a second. */
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
    /** The frames of what was taken and is not in {@link #held}, in order, all before those; this thread's own. */
    private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    /** Results held by the store for the next publication, in order; this thread's own. */
    private final List<Computed> held = new ArrayList<>(MOST_PENDING);
    /** The size of {@link #held}, for the computing thread: the bound of results waiting counts those handed over too. */
    private volatile int heldCount;
    /** When the oldest of {@link #held} was taken. */
    private long oldestHeldAt;
    /** When the newest of {@link #held} was taken. */
    private long newestHeldAt;
    /** {@link #PAUSE_NANOS}, but in tests. */
    private final long pauseNanos;
    /** {@link #LINGER_NANOS}, but in tests. */
    private final long lingerNanos;

    Reporter(FrameWriter out, ResultStore results, String name) {
        this(out, results, name, PAUSE_NANOS, LINGER_NANOS);
    }

    /** With another pause and linger: a test's own, so that only the count, a pause or the end publishes. */
    Reporter(FrameWriter out, ResultStore results, String name, long pauseNanos, long lingerNanos) {
        this.pauseNanos = pauseNanos;
        this.lingerNanos = lingerNanos;
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
        // a thread napping for company must wake once MOST_PENDING wait, those not yet taken counted
        // too: else the last hand-overs of a burst could wait out the whole linger
        if (resting || heldCount + MAX_HELD - room.availablePermits() >= MOST_PENDING) {
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
                boolean end = take();
                if (end || publicationDue()) {
                    publish();
                } else {
                    out.writeFrames(new byte[0]); // what the computing thread left in the buffer
                }
                if (end) {
                    return;
                }
            }
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the coordinator is gone
        }
    }

    private void sleep() {
        long now = System.nanoTime();
        if (!held.isEmpty()) {
            long left = Math.min(oldestHeldAt + lingerNanos, newestHeldAt + pauseNanos) - now;
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            }
            return;
        }
        if (!computingIdle && now - lastTaken < QUIET_NANOS) {
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
     * Takes what waits, up to {@link #MAX_HELD}: the small results of short tasks into the
     * store's next publication, the rest stored now (after what is held, to keep the order), and
     * makes room for the computing thread; true once the end is reached.
     */
    private boolean take() throws IOException {
        int taken = 0;
        boolean end = false;
        for (Report r; taken < MAX_HELD && !end && (r = reports.poll()) != null;) {
            taken++;
            lastTaken = System.nanoTime();
            end = r == END;
            Computed computed = r.computed();
            if (computed != null && computed.nanos() < pauseNanos
                    && results.hold(computed) == ResultStore.Offer.HELD) {
                if (held.isEmpty()) {
                    oldestHeldAt = lastTaken;
                }
                newestHeldAt = lastTaken;
                held.add(computed);
                heldCount = held.size();
                continue;
            }
            publishHeld(); // what was held goes first
            if (computed != null) {
                frames.writeBytes(store(computed));
            } else if (r.failed() != null) {
                frames.writeBytes(FrameWriter.frame(FrameType.FAILED, r.failed().encode()));
            }
        }
        // room for all taken at once: released one by one, each woke a computing thread that
        // waited for room, which handed over one more result and waited again
        room.release(taken);
        return end;
    }

    /**
     * Whether what was taken goes out now: when nothing is held (a write gains nothing by
     * waiting), when {@link #MOST_PENDING} are, when none came for {@link #PAUSE_NANOS}, or when
     * the oldest waited {@link #LINGER_NANOS}. Not when the computing thread goes idle: with short
     * tasks it idles between every two jobs the coordinator sends (trivial tasks: the
     * coordinator's 80 µs per task against the function's few), and publishing then made batches
     * of one or two (strace: a rename per 1.8 tasks). It already told the coordinator COMPUTED,
     * which sends the next job: DONE only completes the caller's result, up to the linger later.
     */
    private boolean publicationDue() {
        long now = System.nanoTime();
        return held.isEmpty() ? frames.size() > 0
                : held.size() >= MOST_PENDING || now - oldestHeldAt >= lingerNanos || now - newestHeldAt >= pauseNanos;
    }

    /** Puts what is held in place, then writes every frame taken so far, in order, in one write. */
    private void publish() throws IOException {
        publishHeld();
        byte[] bytes = frames.toByteArray();
        frames.reset();
        out.writeFrames(bytes);
    }

    /** Publishes what is held and puts its DONE frames (or a FAILED for one that cannot be stored) in line. */
    private void publishHeld() {
        if (held.isEmpty()) {
            return;
        }
        results.publishHeld();
        for (Computed c : held) {
            frames.writeBytes(store(c));
        }
        held.clear();
        heldCount = 0;
    }

    /** DONE only once the entry is renamed into place, or sent to the coordinator. */
    private byte[] store(Computed computed) {
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
