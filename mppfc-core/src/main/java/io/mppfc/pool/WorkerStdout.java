package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
import io.mppfc.protocol.ResultMessages;
import io.mppfc.protocol.WorkerReports;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * A worker's stdout, read on a thread of its own: its frames become pool events (those that keep
 * their order with results go through {@link OrderedFrames} once the worker sent one), what is
 * not a frame is logged, and the printable part of it kept for the report of the worker's exit.
 */
final class WorkerStdout {

    /** How the JVM's fatal error report on stdout begins. */
    static final String CRASH_REPORT = "A fatal error has been detected";
    /** How long a DONE's entry may take to show up where this machine sees another's writes late (NFS). */
    private static final long REMOTE_ENTRY_WAIT_MILLIS = 2000;

    private final WorkerProcess worker;
    private final int index;
    private final Logger log;
    private final EventInbox inbox;
    private final ResultIntake results;
    private final EntryPresence entryPresent;
    private final boolean local;
    private volatile long lastFrameAt = System.nanoTime();
    /** The printable part of the last bytes on stdout that were not frames (a JVM crash report, say). */
    private volatile String lastText;
    /** Whether the reader thread has read READY (read and written by that thread only). */
    private boolean heardReady;
    /** What the reader thread read and has not posted yet (that thread's only). */
    private final List<PoolEvent> heard = new ArrayList<>();
    /** Where the frames that keep their order with results go once this worker sent one; set by the reader thread. */
    private volatile OrderedFrames ordered;

    WorkerStdout(WorkerProcess worker, int index, Logger log, EventInbox inbox, ResultIntake results,
            EntryPresence entryPresent, boolean local) {
        this.worker = worker;
        this.index = index;
        this.log = log;
        this.inbox = inbox;
        this.results = results;
        this.entryPresent = entryPresent;
        this.local = local;
    }

    long nanosSinceLastFrame() {
        return System.nanoTime() - lastFrameAt;
    }

    String lastText() {
        return lastText;
    }

    /** Reads frames until the stream ends, then settles what the worker was sending. */
    void read(InputStream stdout) {
        FrameReader in = new FrameReader(stdout, Messages.MAX_FROM_WORKER, garbage -> {
            if (heardReady) {
                log.warn("worker {}: {}", index, garbage);
            } else { // a JVM that cannot start says why on stdout: its exit quotes it, once
                log.debug("worker {}: {}", index, garbage);
            }
            int text = garbage.indexOf(" \"");
            String crash = lastText;
            // a JVM's crash report may be cut in two by a frame another thread wrote meanwhile: its head is kept
            if (text > 0 && (crash == null || !crash.contains(CRASH_REPORT))) {
                String said = garbage.substring(text + 2, garbage.length() - 1);
                lastText = said.length() > 300 ? said.substring(0, 300) + "..." : said;
            }
        }, (type, length) -> {
            heard.add(new PoolEvent.ProtocolError(worker, "it sent a " + type + " frame of " + length + " bytes, over "
                    + "the " + Messages.MAX_FROM_WORKER + " a worker's frame may have; the tasks it ran are settled as "
                    + "if it had died"));
            postHeard();
        });
        try {
            // when the read of the pipe that brought the frame returned: a DONE's entry must be seen
            // in place after it (one look at a batch pack serves the DONEs of one read)
            long readAt = 0;
            boolean buffered = false;
            for (Frame frame = in.read(); frame != null; frame = in.read()) {
                long now = System.nanoTime();
                lastFrameAt = now;
                if (!buffered) {
                    readAt = now; // the frame was not whole in the buffer: read() read the pipe for it
                }
                heardReady |= frame.type() == FrameType.READY;
                if (ordered == null && frame.type() == FrameType.RESULT) {
                    // handled later on a thread of their own: a DONE's look is made when it is handled
                    ordered = new OrderedFrames(f -> event(f, System.nanoTime()), inbox, results::abort,
                            "mppfc-worker-" + index + "-results");
                }
                if (ordered != null && OrderedFrames.ordered(frame.type())) {
                    postHeard(); // what was read before it must not be passed by it (a STARTED by its DONE)
                    ordered.add(frame);
                } else {
                    PoolEvent event = event(frame, readAt);
                    if (event != null) {
                        heard.add(event);
                    }
                }
                buffered = in.frameWaiting();
                if (!buffered) { // what one read brought wakes the coordinator once
                    postHeard();
                }
            }
        } catch (IOException e) {
            log.debug("worker {} stdout: {}", index, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            postHeard();
            endResults();
        }
    }

    /** A transfer cut off leaves nothing: its temp file is removed once the frames before the end are handled. */
    private void endResults() {
        OrderedFrames frames = ordered;
        if (frames == null) {
            results.abort();
            return;
        }
        try {
            frames.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void postHeard() {
        inbox.postAll(heard);
        heard.clear();
    }

    private PoolEvent event(Frame frame, long readAt) {
        try {
            return switch (frame.type()) {
                case READY -> {
                    WorkerReports.Ready ready = WorkerReports.Ready.decode(frame.payload());
                    yield new PoolEvent.Ready(worker, ready.pid(), ready.host());
                }
                case STARTED -> new PoolEvent.Started(worker, WorkerReports.Started.decode(frame.payload()).id());
                case COMPUTED -> new PoolEvent.Computed(worker, WorkerReports.Computed.decode(frame.payload()).id());
                case RETURNED -> returned(WorkerReports.Returned.decode(frame.payload()).ids());
                case DONE -> done(WorkerReports.Done.decode(frame.payload()), readAt);
                case FAILED -> failed(WorkerReports.Failed.decode(frame.payload()));
                case RESULT -> results.start(ResultMessages.Result.decode(frame.payload()));
                case RESULT_CHUNK -> results.chunk(ResultMessages.Chunk.decode(frame.payload()));
                case FATAL -> {
                    WorkerReports.Fatal fatal = WorkerReports.Fatal.decode(frame.payload());
                    yield new PoolEvent.Fatal(worker, fatal.message(), fatal.stackTrace());
                }
                case HEARTBEAT -> null;
                default -> new PoolEvent.ProtocolError(worker, "it sent a " + frame.type() + " frame, which only "
                        + "the coordinator sends");
            };
        } catch (ProtocolException e) {
            return new PoolEvent.ProtocolError(worker, e.getMessage());
        }
    }

    private PoolEvent returned(long[] ids) {
        for (long id : ids) {
            results.settled(id);
        }
        return new PoolEvent.Returned(worker, ids);
    }

    /**
     * Believed only when the entry is in place, seen there after the DONE was read: a function
     * can forge frames on the real stdout, and {@code clear} or {@code gc} may have removed it.
     * An entry sent over the pipe is put in place first.
     */
    private PoolEvent done(WorkerReports.Done done, long readAt) {
        if (results.dropsDone(done.id())) {
            return null;
        }
        PoolEvent instead = results.done(done.id());
        if (instead != null) {
            return instead;
        }
        CacheKey key = CacheKey.of(done.key());
        if (!entryPresent.presentSince(key, readAt)) {
            postBeforeWaiting(); // what came before this DONE does not wait for its entry
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(local ? 0 : REMOTE_ENTRY_WAIT_MILLIS);
            boolean present = false;
            while (!present && System.nanoTime() < deadline) {
                sleep(50);
                present = entryPresent.presentNow(key);
            }
            if (!present) {
                return new PoolEvent.ProtocolError(worker, "it reported task " + done.id() + " done, but no entry for "
                        + "its key is in the cache (removed meanwhile by mppfc clear or gc?)");
            }
        }
        return new PoolEvent.Done(worker, done.id(), key, done.computeNanos());
    }

    private void postBeforeWaiting() {
        OrderedFrames frames = ordered;
        if (frames != null && frames.isOwnThread()) {
            frames.post();
        } else {
            postHeard();
        }
    }

    private PoolEvent failed(WorkerReports.Failed failed) {
        results.settled(failed.id());
        return new PoolEvent.Failed(worker, failed.id(), new TaskFailure(failed.kind(), failed.exceptionClass(),
                failed.message(), failed.stackTrace()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
