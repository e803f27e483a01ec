package io.mppfc.pool;

import io.mppfc.launch.Launcher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
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
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;
import org.apache.commons.exec.environment.EnvironmentUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker JVM, started with Commons Exec. Keeps the raw process streams (Commons Exec's
 * pump handler would not flush stdin per frame), reads frames on its own thread, forwards
 * stderr to an SLF4J logger named {@code io.mppfc.worker.N}, and reports the exit once every
 * frame the worker wrote has been read. The pool's bookkeeping fields are guarded by the
 * pool's lock.
 */
final class WorkerProcess implements ExecuteStreamHandler, ProcessDestroyer {

    /** What the pool hears from a worker. */
    interface Listener {
        void ready(WorkerProcess worker, Messages.Ready ready);

        void started(WorkerProcess worker, Messages.Started started);

        void done(WorkerProcess worker, Messages.Done done);

        void failed(WorkerProcess worker, Messages.Failed failed);

        void fatal(WorkerProcess worker, Messages.Fatal fatal);

        void exited(WorkerProcess worker, Exit exit);
    }

    /**
     * How a worker process ended.
     *
     * @param clean exit code 0 and not killed by mppfc
     * @param how what happened, for messages
     * @param placementRefused the launcher says the place refused the worker, not the worker failing
     */
    record Exit(boolean clean, String how, boolean placementRefused) {
    }

    /** Why mppfc killed a worker, when it did. */
    enum KillReason { TERMINATE, TASK_TIMEOUT, START_TIMEOUT, NO_HEARTBEAT }

    /** Kills every worker still alive when the coordinator's JVM exits. */
    private static final ShutdownHookProcessDestroyer ON_EXIT = new ShutdownHookProcessDestroyer();
    private static final int STDERR_LINES_KEPT = 20;
    private static final int MAX_FRAME = 1 << 20;

    final int index;
    final ClassDataSharing.Plan sharing;
    private final Messages.Hello hello;
    private final Listener listener;
    private final Launcher launcher;
    private volatile WorkerCommand command;
    private final Logger log;
    private final Deque<String> lastStderr = new ArrayDeque<>();
    private volatile OutputStream stdin;
    private volatile InputStream stdout;
    private volatile InputStream stderr;
    private volatile FrameWriter writer;
    private volatile Process process;
    private volatile KillReason killReason;
    private volatile long lastHeartbeat = System.nanoTime();
    private volatile boolean readyReported;
    /** The printable part of the last bytes on stdout that were not frames (a JVM crash report, say). */
    private volatile String lastStdoutText;
    private Thread reader;
    private Thread stderrForwarder;
    /** Frames sent before the hello went out; guarded by {@code this}. */
    private final List<Frame> early = new ArrayList<>();
    private boolean greeted;

    // the pool's bookkeeping, guarded by its lock
    /** Jobs sent and not yet done or failed, in the order sent. */
    final ArrayDeque<Task> outstanding = new ArrayDeque<>();
    final long startedAt = System.nanoTime();
    boolean ready;
    boolean stopRequested;
    /** The task running now, or null: only a STARTED frame makes a job running. */
    Task running;
    long runningSince;
    long pid = -1;

    WorkerProcess(int index, Messages.Hello hello, Listener listener, ClassDataSharing.Plan sharing,
            Launcher launcher) {
        this.index = index;
        this.launcher = launcher;
        this.sharing = sharing;
        this.hello = hello;
        this.listener = listener;
        this.log = LoggerFactory.getLogger("io.mppfc.worker." + index);
    }

    /**
     * Starts the process. Commons Exec runs on a daemon thread of ours (its own asynchronous
     * mode makes a non-daemon thread, which would keep a finished program alive as long as a
     * worker lives, and the worker alive as long as the program).
     */
    void launch(WorkerCommand workerCommand) throws IOException {
        this.command = workerCommand;
        List<String> words = workerCommand.command();
        CommandLine line = new CommandLine(words.get(0));
        for (String argument : words.subList(1, words.size())) {
            line.addArgument(argument, false); // quoting would hand the JVM literal quotes
        }
        Map<String, String> environment = environment(workerCommand);
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(this).get();
        executor.setProcessDestroyer(this);
        executor.setExitValues(null); // every exit value is returned; the pool judges it
        named(() -> {
            try {
                int exitValue = executor.execute(line, environment);
                listener.exited(this, describeExit(exitValue));
            } catch (IOException e) {
                listener.exited(this, new Exit(false, "worker " + index + " could not be started on "
                        + workerCommand.placement() + " (" + words.get(0) + "): " + e.getMessage(), false));
            }
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
        writer = new FrameWriter(os);
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
        synchronized (this) {
            write(FrameType.HELLO, hello.encode());
            for (Frame frame : early) {
                write(frame.type(), frame.payload());
            }
            early.clear();
            greeted = true;
        }
    }

    /** Called after the process exited and before its streams are closed: read what is left. */
    @Override
    public void stop() {
        join(reader);
        join(stderrForwarder);
    }

    private static void join(Thread thread) {
        try {
            if (thread != null) {
                thread.join(10_000);
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

    /** Sends a frame, after the hello; a worker that is gone is noticed by its exit, not here. */
    void send(FrameType type, byte[] payload) {
        synchronized (this) {
            if (!greeted) {
                early.add(new Frame(type, payload));
                return;
            }
        }
        write(type, payload);
    }

    private void write(FrameType type, byte[] payload) {
        try {
            writer.write(type, payload);
        } catch (IOException | NullPointerException e) {
            log.debug("worker {} is not reading ({}); its exit will be handled", index, e.toString());
            closeStdin(); // else the unsent bytes fail the close at exit, and the exit code is lost
        }
    }

    void closeStdin() {
        try {
            OutputStream s = stdin;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            log.debug("closing worker {}'s stdin: {}", index, e.toString());
        }
    }

    /** Kills the process at once (SIGKILL): the reason decides what happens to its task. */
    void kill(KillReason reason) {
        if (killReason == null) {
            killReason = reason;
        }
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** What this worker's temp file names start with. */
    String tempTag() {
        return hello.tempTag();
    }

    KillReason killReason() {
        return killReason;
    }

    long nanosSinceHeartbeat() {
        return System.nanoTime() - lastHeartbeat;
    }

    private void readFrames() {
        FrameReader in = new FrameReader(stdout, MAX_FRAME, garbage -> {
            log.warn("[worker {}] {}", index, garbage);
            int text = garbage.indexOf(" \"");
            if (text > 0) {
                String said = garbage.substring(text + 2, garbage.length() - 1);
                lastStdoutText = said.length() > 300 ? said.substring(0, 300) + "..." : said;
            }
        });
        try {
            for (Frame frame = in.read(); frame != null; frame = in.read()) {
                lastHeartbeat = System.nanoTime();
                dispatch(frame);
            }
        } catch (IOException e) {
            log.debug("worker {} stdout: {}", index, e.toString());
        }
    }

    private void dispatch(Frame frame) throws ProtocolException {
        switch (frame.type()) {
            case READY -> {
                readyReported = true;
                listener.ready(this, Messages.Ready.decode(frame.payload()));
            }
            case STARTED -> listener.started(this, Messages.Started.decode(frame.payload()));
            case DONE -> listener.done(this, Messages.Done.decode(frame.payload()));
            case FAILED -> listener.failed(this, Messages.Failed.decode(frame.payload()));
            case FATAL -> listener.fatal(this, Messages.Fatal.decode(frame.payload()));
            case HEARTBEAT -> { }
            default -> log.warn("[worker {}] sent an unexpected {} frame", index, frame.type());
        }
    }

    /** No SLF4J provider is bound here: forwarded worker output goes to stderr, not to the no-op logger. */
    private static final boolean WITHOUT_LOGGING =
            LoggerFactory.getILoggerFactory() instanceof org.slf4j.helpers.NOPLoggerFactory;

    private void forwardStderr() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (WITHOUT_LOGGING) {
                    System.err.println("[worker " + index + "] " + line); // else nothing a worker says would be seen
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

    List<String> lastStderrLines() {
        synchronized (lastStderr) {
            return new ArrayList<>(lastStderr);
        }
    }

    private Exit describeExit(int exitValue) {
        WorkerCommand started = command;
        String where = launcher.runsOnThisMachine() ? "" : " on " + started.placement();
        String who = "worker " + index + (pid > 0 ? " (pid " + pid + where + ")" : where);
        KillReason reason = killReason;
        if (reason != null) {
            return new Exit(false, who + " was killed by mppfc (" + reason.name().toLowerCase().replace('_', ' ') + ")",
                    false);
        }
        if (exitValue == 0) {
            return new Exit(true, who + " exited", false);
        }
        List<String> lines = lastStderrLines();
        Launcher.ExitReport report = launcher.explainExit(started, exitValue, readyReported, lines);
        if (report != null) {
            return new Exit(false, who + " " + report.explanation(), report.placementRefused());
        }
        String how;
        if (exitValue > 128 && exitValue < 160) {
            int signal = exitValue - 128;
            how = "was killed by signal " + signal + signalName(signal);
        } else if (exitValue == Messages.EXIT_OUT_OF_MEMORY || exitValue == 3) {
            how = "ran out of memory (exit code " + exitValue + ")";
        } else if (lastStdoutText != null && lastStdoutText.contains("A fatal error has been detected")) {
            how = "crashed (a fatal error of its JVM, exit code " + exitValue + ")";
        } else if (!readyReported) {
            how = "exited with code " + exitValue + " before it was ready (check workerJvmOptions and workerClasspath)";
        } else {
            how = "exited with code " + exitValue + " (System.exit in the function?)";
        }
        String stdoutText = lastStdoutText;
        return new Exit(false, who + " " + how
                + (lines.isEmpty() ? "" : "; its last stderr lines:\n  " + String.join("\n  ", lines))
                + (stdoutText == null ? "" : "; it last wrote to stdout: " + stdoutText), false);
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 9 -> " (SIGKILL: killed from outside, or by the kernel's out-of-memory killer)";
            case 15 -> " (SIGTERM)";
            case 6 -> " (SIGABRT: the JVM crashed)";
            case 11 -> " (SIGSEGV: the JVM crashed)";
            default -> "";
        };
    }
}
