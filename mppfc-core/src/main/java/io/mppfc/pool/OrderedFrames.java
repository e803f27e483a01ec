package io.mppfc.pool;

import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The frames of a worker that sends its results over its pipe which must keep their order
 * with its results (what the worker's reporter thread writes, RESULT, RESULT_CHUNK, DONE and
 * FAILED, and RETURNED and FATAL, which settle tasks), handled on a thread of their own. Storing
 * a small entry costs a file create, write and rename (0.2 to 0.8 ms each on the project's loaded
 * 2-core VM): done on the reader thread, it held back the COMPUTED frames behind it, so the next
 * job went out late and small results took twice as long per task as results the worker wrote
 * itself. STARTED and COMPUTED come from the worker's computing thread and may pass a DONE on
 * the wire anyway; they stay on the reader thread. At most {@link #MAX_BYTES} of frames wait
 * here: the reader waits for room beyond that, as it waited for the disk before.
 */
final class OrderedFrames {

    /** The most payload bytes waiting: four chunks of a large result. */
    static final int MAX_BYTES = 4 << 20;
    private static final Frame END = new Frame(FrameType.HEARTBEAT, new byte[0]);

    private final LinkedBlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(MAX_BYTES);
    private final Function<Frame, PoolEvent> handler;
    private final EventInbox inbox;
    private final Runnable atEnd;
    /** What this thread handled and has not posted yet (its own). */
    private final List<PoolEvent> handled = new ArrayList<>();
    private final Thread thread;

    /**
     * @param handler what a frame means, or null for nothing (run on this object's thread)
     * @param atEnd run on this object's thread once every frame added before {@link #end} is handled
     */
    OrderedFrames(Function<Frame, PoolEvent> handler, EventInbox inbox, Runnable atEnd, String threadName) {
        this.handler = handler;
        this.inbox = inbox;
        this.atEnd = atEnd;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether frames of this type are handled here, once there is a thread for them. */
    static boolean ordered(FrameType type) {
        return switch (type) {
            case RESULT, RESULT_CHUNK, DONE, FAILED, RETURNED, FATAL -> true;
            default -> false;
        };
    }

    /** Queues a frame, waiting while {@link #MAX_BYTES} of them wait. */
    void add(Frame frame) throws InterruptedException {
        room.acquire(cost(frame));
        queue.add(frame);
    }

    private static int cost(Frame frame) {
        return Math.max(1, Math.min(MAX_BYTES, frame.payload().length));
    }

    /** Whether the calling thread is this object's. */
    boolean isOwnThread() {
        return Thread.currentThread() == thread;
    }

    /** Posts what this thread handled so far (on this thread only). */
    void post() {
        inbox.postAll(handled);
        handled.clear();
    }

    /** Handles what is queued, then runs {@code atEnd}; returns once that is done. */
    void end() throws InterruptedException {
        queue.add(END);
        thread.join();
    }

    private void run() {
        try {
            for (Frame frame = queue.take(); frame != END; frame = queue.take()) {
                PoolEvent event = handler.apply(frame);
                room.release(cost(frame));
                if (event != null) {
                    handled.add(event);
                }
                if (queue.isEmpty()) { // what arrived together wakes the coordinator once
                    post();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            atEnd.run();
            post();
        }
    }
}
