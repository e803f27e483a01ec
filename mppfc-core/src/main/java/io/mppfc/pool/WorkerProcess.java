package io.mppfc.pool;

import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O of one worker JVM, started with {@link ProcessBuilder}: a thread that writes frames queued for
 * it (so that nobody else ever blocks on a worker's pipe), one that reads frames and posts them
 * as events ({@link WorkerStdout}), one that forwards stderr to an SLF4J logger named {@code
 * io.mppfc.worker.N} ({@link WorkerStderr}), and the exec thread, which posts the exit. It holds
 * no state of the pool's.
 */
final class WorkerProcess {

    /** After the process exited, how long its frames may take to drain before the exit is reported anyway. */
    private static final long DRAIN_MILLIS = 500;
    private static final byte[] CLOSE = new byte[0];

    private final int index;
    private final EventInbox inbox;
    private final Logger log;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private volatile OutputStream stdin;
    private volatile Process process;
    private Thread reader;
    private Thread stderrForwarder;
    /** The entries this worker sends over its pipe; the reader thread's, or its ordered frames' once those exist. */
    private final ResultIntake results;
    private final WorkerStdout frames;
    private final WorkerStderr stderrLines;

    WorkerProcess(int index, Messages.Hello hello, EventInbox inbox, EntryPresence entryPresent,
            boolean local, ResultReceiver receiver) {
        this.index = index;
        this.results = new ResultIntake(this, receiver, hello.tempTag());
        this.inbox = inbox;
        this.log = LoggerFactory.getLogger("io.mppfc.worker." + index);
        this.frames = new WorkerStdout(this, index, log, inbox, results, entryPresent, local);
        this.stderrLines = new WorkerStderr(index, log);
        byte[] greeting = hello.encode();
        if (greeting.length > Messages.maxToWorker()) { // a worker would skip it unread and never be ready
            throw new IllegalStateException("the captured values and class files of " + hello.className() + "."
                    + hello.methodName() + " take " + greeting.length + " bytes, over the " + Messages.maxToWorker()
                    + " a worker reads in one frame; raise -Dmppfc.maxFrameBytes in this JVM and the workers' "
                    + "(workerJvmOptions)");
        }
        send(FrameType.HELLO, greeting);
    }

    /**
     * Starts the process, from a daemon thread of ours that then waits for its exit and posts
     * it. Plain {@link ProcessBuilder}: Commons Exec, used before, did this with 18 classes read
     * from its jar on the way to the first worker's exec (a command line split and joined again,
     * an executor, a launcher per OS, a shutdown hook destroyer), all of which this class had
     * turned off or done itself but the hook ({@link ProcessesOnExit}).
     */
    void launch(WorkerCommand command) {
        ProcessBuilder builder = new ProcessBuilder(command.command());
        if (!command.environment().isEmpty()) {
            builder.environment().putAll(command.environment());
        }
        named(() -> inbox.post(new PoolEvent.Exited(this, run(builder, command))), "mppfc-worker-" + index + "-exec")
                .start();
    }

    /** Runs the process to its end, its streams on threads of their own; how it ended. */
    private WorkerExit run(ProcessBuilder builder, WorkerCommand command) {
        Process p;
        try {
            p = builder.start();
        } catch (IOException | RuntimeException e) {
            return new WorkerExit(null, e.getMessage(), stderrLines.lastLines(), frames.lastText(), command);
        }
        process = p;
        ProcessesOnExit.add(p);
        stdin = p.getOutputStream();
        startStreams(p.getInputStream(), p.getErrorStream());
        int exitValue = waitForUninterruptibly(p);
        ProcessesOnExit.remove(p);
        drain();
        // the streams' own threads are done or given up on: close what is left, whatever it says
        closeEnded(p.getInputStream());
        closeEnded(p.getErrorStream());
        return new WorkerExit(exitValue, null, stderrLines.lastLines(), frames.lastText(), command);
    }

    private static int waitForUninterruptibly(Process p) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // this thread's only job is to see the exit
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread named(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void startStreams(InputStream out, InputStream err) {
        reader = named(() -> frames.read(out), "mppfc-worker-" + index + "-stdout");
        stderrForwarder = named(() -> stderrLines.forward(err), "mppfc-worker-" + index + "-stderr");
        reader.start();
        stderrForwarder.start();
        named(this::writeFrames, "mppfc-worker-" + index + "-stdin").start();
    }

    /**
     * Once the process has exited, before its streams are closed: the frames it wrote are read
     * first, but a pipe held open by a process it left behind does not hold its exit.
     */
    private void drain() {
        outbox.add(CLOSE); // the writer thread ends
        join(reader, DRAIN_MILLIS);
        join(stderrForwarder, DRAIN_MILLIS);
    }

    private static void join(Thread thread, long millis) {
        try {
            if (thread != null) {
                thread.join(millis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeEnded(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the process ended: nothing more is read from it
        }
    }

    // ---- talking to the worker ----

    /** Queues a frame; the worker's writer thread sends it. A worker that is gone is noticed by its exit. */
    void send(FrameType type, byte[] payload) {
        outbox.add(FrameWriter.frame(type, payload));
    }

    /** Queues a job; only a job sent may have its result sent back over the pipe. */
    void sendJob(Task task) {
        results.given(task);
        send(FrameType.JOB, new Messages.Job(task.id, task.key.bytes(), task.arguments, task.absent).encode());
    }

    /** Closes the worker's stdin once the frames queued before are written. */
    void closeStdin() {
        outbox.add(CLOSE);
    }

    /** Kills the process at once (SIGKILL). */
    void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** It said READY: the lines it wrote before are forwarded now. */
    void ready() {
        stderrLines.release();
    }

    /**
     * It ended before it was ready.
     *
     * @param quoted whether the report of its end quotes its last stderr lines: then they are not
     *     forwarded as well
     */
    void endedBeforeReady(boolean quoted) {
        if (quoted) {
            stderrLines.dropHeld();
        } else {
            stderrLines.release();
        }
    }

    long nanosSinceLastFrame() {
        return frames.nanosSinceLastFrame();
    }

    /** Writes what is queued, many frames in one write when they pile up. */
    private void writeFrames() {
        OutputStream out = stdin;
        List<byte[]> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(outbox.take());
                outbox.drainTo(batch);
                for (byte[] frame : batch) {
                    if (frame == CLOSE) {
                        out.close();
                        return;
                    }
                    out.write(frame);
                }
                out.flush();
                batch.clear();
            }
        } catch (IOException e) {
            log.debug("worker {} is not reading ({}); its exit will be handled", index, e.toString());
            closeQuietly(out); // else the unsent bytes fail the close at exit, and the exit code is lost
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            log.debug("closing worker {}'s stdin: {}", index, e.toString());
        }
    }

}
