package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;
import org.apache.commons.exec.environment.EnvironmentUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O of one worker JVM, started with Commons Exec: a thread that writes frames queued for
 * it (so that nobody else ever blocks on a worker's pipe), one that reads frames and posts them
 * as events ({@link WorkerStdout}), one that forwards stderr to an SLF4J logger named {@code
 * io.mppfc.worker.N} ({@link WorkerStderr}), and the exec thread, which posts the exit. It holds
 * no state of the pool's.
 */
final class WorkerProcess implements ExecuteStreamHandler, ProcessDestroyer {

    /** Kills every worker still alive when the coordinator's JVM exits. */
    private static final ShutdownHookProcessDestroyer ON_EXIT = new ShutdownHookProcessDestroyer();
    /** After the process exited, how long its frames may take to drain before the exit is reported anyway. */
    private static final long DRAIN_MILLIS = 500;
    private static final byte[] CLOSE = new byte[0];

    private final int index;
    private final EventInbox inbox;
    private final Logger log;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private volatile OutputStream stdin;
    private volatile InputStream stdout;
    private volatile InputStream stderr;
    private volatile Process process;
    private Thread reader;
    private Thread stderrForwarder;
    /** The entries this worker sends over its pipe; the reader thread's, or its ordered frames' once those exist. */
    private final ResultIntake results;
    private final WorkerStdout frames;
    private final WorkerStderr stderrLines;

    WorkerProcess(int index, Messages.Hello hello, EventInbox inbox, Predicate<CacheKey> entryPresent,
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
     * Starts the process. Commons Exec runs on a daemon thread of ours (its own asynchronous
     * mode makes a non-daemon thread, which would keep a finished program alive as long as a
     * worker lives, and the worker alive as long as the program).
     */
    void launch(WorkerCommand command) {
        List<String> words = command.command();
        CommandLine line = new CommandLine(words.get(0));
        for (String argument : words.subList(1, words.size())) {
            line.addArgument(argument, false); // quoting would hand the JVM literal quotes
        }
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(this).get();
        executor.setProcessDestroyer(this);
        executor.setExitValues(null); // every exit value is returned; the pool judges it
        named(() -> {
            WorkerExit exit;
            try {
                int exitValue = executor.execute(line, environment(command));
                exit = new WorkerExit(exitValue, null, stderrLines.lastLines(), frames.lastText(), command);
            } catch (IOException e) {
                Process ran = process;
                // Commons Exec also throws when closing the streams of a process that ran and
                // ended: a HELLO buffered after a JVM refused its options fails the close of its
                // stdin ("Stream closed"), and the exit code and the JVM's words would be lost
                exit = ran != null && !ran.isAlive()
                        ? new WorkerExit(ran.exitValue(), null, stderrLines.lastLines(), frames.lastText(), command)
                        : new WorkerExit(null, e.getMessage(), stderrLines.lastLines(), frames.lastText(), command);
            }
            inbox.post(new PoolEvent.Exited(this, exit));
        }, "mppfc-worker-" + index + "-exec").start();
    }

    /** This JVM's environment with the command's additions, or null (Commons Exec: inherit it). */
    private static Map<String, String> environment(WorkerCommand command) throws IOException {
        if (command.environment().isEmpty()) {
            return null;
        }
        Map<String, String> environment = EnvironmentUtils.getProcEnvironment();
        environment.putAll(command.environment());
        return environment;
    }

    private static Thread named(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    // ---- ExecuteStreamHandler: keep the raw streams ----

    @Override
    public void setProcessInputStream(OutputStream os) {
        stdin = os;
    }

    @Override
    public void setProcessOutputStream(InputStream is) {
        stdout = is;
    }

    @Override
    public void setProcessErrorStream(InputStream is) {
        stderr = is;
    }

    @Override
    public void start() {
        reader = named(() -> frames.read(stdout), "mppfc-worker-" + index + "-stdout");
        stderrForwarder = named(() -> stderrLines.forward(stderr), "mppfc-worker-" + index + "-stderr");
        reader.start();
        stderrForwarder.start();
        named(this::writeFrames, "mppfc-worker-" + index + "-stdin").start();
    }

    /**
     * Called once the process has exited, before its streams are closed: the frames it wrote
     * are read first, but a pipe held open by a process it left behind does not hold its exit.
     */
    @Override
    public void stop() {
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

    // ---- ProcessDestroyer: learn the Process, and kill it when the JVM exits ----

    @Override
    public boolean add(Process p) {
        process = p;
        return ON_EXIT.add(p);
    }

    @Override
    public boolean remove(Process p) {
        return ON_EXIT.remove(p);
    }

    @Override
    public int size() {
        return ON_EXIT.size();
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
