package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.FailureText;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
import io.mppfc.protocol.ResultMessages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * as events (with, for a worker that sends its results, one that stores them: {@link
 * OrderedFrames}), one that forwards stderr to an SLF4J logger named {@code io.mppfc.worker.N}, and
 * the exec thread, which posts the exit. It holds no state of the pool's.
 */
final class WorkerProcess implements ExecuteStreamHandler, ProcessDestroyer {

    /** Kills every worker still alive when the coordinator's JVM exits. */
    private static final ShutdownHookProcessDestroyer ON_EXIT = new ShutdownHookProcessDestroyer();
    private static final int STDERR_LINES_KEPT = 20;
    /** After the process exited, how long its frames may take to drain before the exit is reported anyway. */
    private static final long DRAIN_MILLIS = 500;
    /** How long a DONE's entry may take to show up where this machine sees another's writes late (NFS). */
    private static final long REMOTE_ENTRY_WAIT_MILLIS = 2000;
    private static final byte[] CLOSE = new byte[0];
    /** How the JVM's fatal error report on stdout begins. */
    static final String CRASH_REPORT = "A fatal error has been detected";
    /** No SLF4J provider is bound here: forwarded worker output goes to stderr, not to the no-op logger. */
    private static final boolean WITHOUT_LOGGING =
            LoggerFactory.getILoggerFactory() instanceof org.slf4j.helpers.NOPLoggerFactory;

    private final int index;
    private final EventInbox inbox;
    private final Predicate<CacheKey> entryPresent;
    private final boolean local;
    private final Logger log;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private volatile OutputStream stdin;
    private volatile InputStream stdout;
    private volatile InputStream stderr;
    private volatile Process process;
    private volatile long lastFrameAt = System.nanoTime();
    /** The printable part of the last bytes on stdout that were not frames (a JVM crash report, say). */
    private volatile String lastStdoutText;
    private Thread reader;
    /** Whether the reader thread has read READY (read and written by that thread only). */
    private boolean heardReady;
    /** What the reader thread read and has not posted yet (that thread's only). */
    private final List<PoolEvent> heard = new ArrayList<>();
    private Thread stderrForwarder;
    /** The entries this worker sends over its pipe; the reader thread's, or {@link #ordered}'s once that exists. */
    private final ResultIntake results;
    /** Where the frames that keep their order with results go once this worker sent one; set by the reader thread. */
    private volatile OrderedFrames ordered;

    WorkerProcess(int index, Messages.Hello hello, EventInbox inbox, Predicate<CacheKey> entryPresent,
            boolean local, ResultReceiver receiver) {
        this.index = index;
        this.results = new ResultIntake(this, receiver, hello.tempTag());
        this.inbox = inbox;
        this.entryPresent = entryPresent;
        this.local = local;
        this.log = LoggerFactory.getLogger("io.mppfc.worker." + index);
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
                exit = new WorkerExit(exitValue, null, lastStderrLines(), lastStdoutText, command);
            } catch (IOException e) {
                exit = new WorkerExit(null, e.getMessage(), lastStderrLines(), lastStdoutText, command);
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
        reader = named(this::readFrames, "mppfc-worker-" + index + "-stdout");
        stderrForwarder = named(this::forwardStderr, "mppfc-worker-" + index + "-stderr");
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
        send(FrameType.JOB, new Messages.Job(task.id, task.key.bytes(), task.arguments).encode());
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

    long nanosSinceLastFrame() {
        return System.nanoTime() - lastFrameAt;
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

    private void readFrames() {
        FrameReader in = new FrameReader(stdout, Messages.MAX_FROM_WORKER, garbage -> {
            if (heardReady) {
                log.warn("[worker {}] {}", index, garbage);
            } else { // a JVM that cannot start says why on stdout: its exit quotes it, once
                log.debug("[worker {}] {}", index, garbage);
            }
            int text = garbage.indexOf(" \"");
            String crash = lastStdoutText;
            // a JVM's crash report may be cut in two by a frame another thread wrote meanwhile: its head is kept
            if (text > 0 && (crash == null || !crash.contains(CRASH_REPORT))) {
                String said = garbage.substring(text + 2, garbage.length() - 1);
                lastStdoutText = said.length() > 300 ? said.substring(0, 300) + "..." : said;
            }
        }, (type, length) -> {
            heard.add(new PoolEvent.ProtocolError(this, "it sent a " + type + " frame of " + length + " bytes, over the "
                    + Messages.MAX_FROM_WORKER + " a worker's frame may have; the tasks it ran are settled as if it "
                    + "had died"));
            postHeard();
        });
        try {
            for (Frame frame = in.read(); frame != null; frame = in.read()) {
                lastFrameAt = System.nanoTime();
                heardReady |= frame.type() == FrameType.READY;
                if (ordered == null && frame.type() == FrameType.RESULT) {
                    ordered = new OrderedFrames(this::event, inbox, results::abort, "mppfc-worker-" + index
                            + "-results");
                }
                if (ordered != null && OrderedFrames.ordered(frame.type())) {
                    postHeard(); // what was read before it must not be passed by it (a STARTED by its DONE)
                    ordered.add(frame);
                } else {
                    PoolEvent event = event(frame);
                    if (event != null) {
                        heard.add(event);
                    }
                }
                if (!in.frameWaiting()) { // what one read brought wakes the coordinator once
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

    private PoolEvent event(Frame frame) {
        try {
            return switch (frame.type()) {
                case READY -> {
                    Messages.Ready ready = Messages.Ready.decode(frame.payload());
                    yield new PoolEvent.Ready(this, ready.pid(), ready.host());
                }
                case STARTED -> new PoolEvent.Started(this, Messages.Started.decode(frame.payload()).id());
                case COMPUTED -> new PoolEvent.Computed(this, Messages.Computed.decode(frame.payload()).id());
                case RETURNED -> returned(Messages.Returned.decode(frame.payload()).ids());
                case DONE -> done(Messages.Done.decode(frame.payload()));
                case FAILED -> failed(Messages.Failed.decode(frame.payload()));
                case RESULT -> results.start(ResultMessages.Result.decode(frame.payload()));
                case RESULT_CHUNK -> results.chunk(ResultMessages.Chunk.decode(frame.payload()));
                case FATAL -> {
                    Messages.Fatal fatal = Messages.Fatal.decode(frame.payload());
                    yield new PoolEvent.Fatal(this, fatal.message(), fatal.stackTrace());
                }
                case HEARTBEAT -> null;
                default -> new PoolEvent.ProtocolError(this, "it sent a " + frame.type() + " frame, which only "
                        + "the coordinator sends");
            };
        } catch (ProtocolException e) {
            return new PoolEvent.ProtocolError(this, e.getMessage());
        }
    }

    private PoolEvent returned(long[] ids) {
        for (long id : ids) {
            results.settled(id);
        }
        return new PoolEvent.Returned(this, ids);
    }

    /**
     * Believed only when the entry is in place: a function can forge frames on the real stdout.
     * An entry sent over the pipe is put in place first.
     */
    private PoolEvent done(Messages.Done done) {
        if (results.dropsDone(done.id())) {
            return null;
        }
        PoolEvent instead = results.done(done.id());
        if (instead != null) {
            return instead;
        }
        CacheKey key = CacheKey.of(done.key());
        if (!entryPresent.test(key)) {
            postBeforeWaiting(); // what came before this DONE does not wait for its entry
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(local ? 0 : REMOTE_ENTRY_WAIT_MILLIS);
            boolean present = false;
            while (!present && System.nanoTime() < deadline) {
                sleep(50);
                present = entryPresent.test(key);
            }
            if (!present) {
                return new PoolEvent.ProtocolError(this, "it reported task " + done.id() + " done, but no entry for "
                        + "its key is in the cache");
            }
        }
        return new PoolEvent.Done(this, done.id(), key, done.computeNanos());
    }

    private void postBeforeWaiting() {
        OrderedFrames frames = ordered;
        if (frames != null && frames.isOwnThread()) {
            frames.post();
        } else {
            postHeard();
        }
    }

    private PoolEvent failed(Messages.Failed failed) {
        results.settled(failed.id());
        return new PoolEvent.Failed(this, failed.id(), new TaskFailure(failed.kind(), failed.exceptionClass(),
                failed.message(), failed.stackTrace()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forwardStderr() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = boundedLine(lines); line != null; line = boundedLine(lines)) {
                if (WITHOUT_LOGGING && !io.mppfc.protocol.StartNote.is(line)) {
                    System.err.println("[worker " + index + "] " + line); // else nothing a worker says would be seen
                } else if (isClassDataNote(line) || io.mppfc.protocol.StartNote.is(line)) {
                    log.debug("[worker {}] {}", index, line);
                } else {
                    log.info("[worker {}] {}", index, line);
                }
                synchronized (lastStderr) {
                    if (lastStderr.size() == STDERR_LINES_KEPT) {
                        lastStderr.removeFirst();
                    }
                    lastStderr.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("worker {} stderr: {}", index, e.toString());
        }
    }

    /**
     * The JVM's own notes about the class data the workers record and use (JDK 24 and later print
     * "AOTConfiguration recorded: ..." and "AOTCache creation is complete: ..."; unified logging
     * tags cds and aot): mppfc's doing, not the function's output.
     */
    static boolean isClassDataNote(String line) {
        String s = line.strip();
        return s.startsWith("AOTConfiguration recorded") || s.startsWith("AOTCache creation is complete")
                || s.matches("(\\[[^\\]]*\\])*\\[(cds|aot)[\\],].*");
    }

    /**
     * The next line, cut at {@link FailureText#MAX_MESSAGE} characters: a function printing a
     * gigabyte without a newline must not make one string of it here. Null at the end.
     */
    static String boundedLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (length == 0) {
                    return null;
                }
                break;
            }
            if (length++ < FailureText.MAX_MESSAGE) {
                line.append((char) c);
            }
        }
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        line.setLength(end);
        return length > FailureText.MAX_MESSAGE ? line + " ... [" + FailureText.CUT + ": a line of " + length
                + " characters]" : line.toString();
    }

    private List<String> lastStderrLines() {
        synchronized (lastStderr) {
            return new ArrayList<>(lastStderr);
        }
    }
}
