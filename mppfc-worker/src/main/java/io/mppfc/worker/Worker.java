package io.mppfc.worker;

import io.mppfc.Codec;
import io.mppfc.FailureKind;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.HostName;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.code.CodeFingerprint;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionInvoker;
import io.mppfc.function.FunctionRef;
import io.mppfc.protocol.FailureText;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
import io.mppfc.protocol.StartedSlot;
import io.mppfc.protocol.WorkerReports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * One worker's life: hello, ready, then jobs one at a time until STOP or stdin EOF. A reader
 * thread takes frames off stdin so that STOP and EOF are seen while a job runs: EOF (the
 * coordinator is gone) ends the process at once, STOP lets the current job finish and drops the
 * ones not yet started (the coordinator re-queues them), and RECALL gives some of those back for a
 * worker that idles. The coordinator's heartbeats are the other sign of life: a worker that hears
 * nothing for the silence limit exits. Both hold under ssh and srun, where the parent process is
 * sshd or srun, not the coordinator.
 */
final class Worker {

    /**
     * Largest frame the coordinator may send (a job's arguments, or a hello); larger ones are
     * skipped as garbage without being allocated. System property {@code mppfc.maxFrameBytes}
     * (give it to the workers with {@code workerJvmOptions("-Dmppfc.maxFrameBytes=...")}).
     */
    static final int MAX_FRAME = Messages.maxToWorker();
    /** Jobs queued here at least, for this worker's COMPUTED and STARTED frames to wait for the next write. */
    private static final int WRITE_LATER_QUEUED = 4;
    private static final ReadyJob STOP = new ReadyJob(new Messages.Job(-1, new byte[0], new byte[0]), null, null);

    /**
     * A job with its arguments decoded by the stdin reader while the job before runs: off the
     * computing thread's path between two tasks (9-15 µs of it, in a worker's first thousand
     * tasks). A failure to decode them is the function's, thrown when the job runs.
     */
    private record ReadyJob(Messages.Job job, Object[] arguments, Throwable unreadable) {
    }

    private final FrameReader in;
    private final FrameWriter out;
    private final BlockingDeque<ReadyJob> jobs = new LinkedBlockingDeque<>();
    private volatile boolean stopping;
    private volatile long lastHeard = System.nanoTime();
    private FunctionInvoker invoker;
    /** Where the job started last is kept for the coordinator, or null: then STARTED goes out before the job runs. */
    private StartedSlot slot;
    private ResultStore results;
    private Reporter reporter;

    Worker(InputStream in, OutputStream out) {
        this.in = new FrameReader(in, MAX_FRAME, garbage -> System.err.println("mppfc worker: " + garbage));
        this.out = new FrameWriter(out);
    }

    int run() {
        Messages.Hello hello;
        try {
            Frame first = in.read();
            if (first == null) {
                return 0; // the coordinator went away before saying hello
            }
            if (first.type() != FrameType.HELLO) {
                throw new ProtocolException("the first frame must be HELLO, got " + first.type());
            }
            hello = Messages.Hello.decode(first.payload());
            setUp(hello);
        } catch (Exception | LinkageError e) {
            fatal(e);
            return 2;
        }
        try {
            out.write(FrameType.READY, new WorkerReports.Ready(Messages.PROTOCOL_VERSION, ProcessHandle.current().pid(),
                    HostName.get()).encode());
        } catch (IOException e) {
            return 0;
        }
        reporter = new Reporter(out, results, "mppfc-worker-" + hello.workerIndex() + "-reporter");
        startDaemon("mppfc-worker-" + hello.workerIndex() + "-stdin", this::readFrames);
        startDaemon("mppfc-worker-" + hello.workerIndex() + "-heartbeat", () -> heartbeat(hello.heartbeatMillis()));
        return runJobs();
    }

    private void setUp(Messages.Hello hello) throws IOException {
        Codec codec = Codecs.byId(hello.codecId());
        if (codec == null) {
            throw new ProtocolException("unknown codec id " + hello.codecId());
        }
        ClassAllowList allowList = new ClassAllowList(new HashSet<>(hello.allowedClasses()),
                new HashSet<>(hello.allowedPackages()));
        FunctionRef ref = new FunctionRef(hello.className(), hello.methodName(), hello.descriptor(), hello.kind(),
                Arrays.asList(Footprint.loadArguments(hello.captured())), hello.argumentsAsArray());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        invoker = FunctionInvoker.bind(ref, loader != null ? loader : Worker.class.getClassLoader());
        // Fory's set-up is the longest step of a worker's start: unless the function's values are
        // stored without it, it begins now, on a thread of its own, while the cache is opened
        ValueCodec values = Codecs.create(codec, allowList, invoker.returnClass());
        checkCode(hello, loader != null ? loader : Worker.class.getClassLoader());
        slot = StartedSlot.open(hello.startedSlot(), hello.tempTag());
        results = hello.resultsOverPipe() ? overPipe(values, hello) : cacheOrPipe(values, allowList, hello);
    }

    /**
     * The cache, if this worker sees the coordinator's; else the pipe: a worker on a machine
     * that does not share the cache's file system sends its results to the coordinator.
     */
    private ResultStore cacheOrPipe(ValueCodec values, ClassAllowList allowList, Messages.Hello hello)
            throws IOException {
        Path directory = Path.of(hello.cacheDirectory());
        if (!hello.shareMarker().isEmpty()) {
            try {
                SharedDirectory.check(directory, hello.shareMarker());
            } catch (IOException notShared) {
                System.err.println("mppfc worker: " + notShared.getMessage() + "; this worker sends its results to "
                        + "the coordinator over its pipe instead");
                return overPipe(values, hello);
            }
        }
        DiskCache opened = DiskCache.open(directory, values, allowList, hello.durable());
        DiskCache tagged = hello.tempTag().isEmpty() ? opened : opened.taggingTemps(hello.tempTag());
        DiskCache cache = tagged.compressing(hello.compressionLevel());
        cache.checkWritable();
        return ResultStore.into(cache);
    }

    private ResultStore overPipe(ValueCodec values, Messages.Hello hello) {
        EntryBytes.requireCompression(hello.compressionLevel());
        return new ResultsOverPipe(out, values, hello.compressionLevel(), Path.of(hello.cacheDirectory()));
    }

    /**
     * A worker whose class files differ from the coordinator's (a node with a stale jar) would
     * store another code's results under this code's version: it refuses before computing.
     */
    private static void checkCode(Messages.Hello hello, ClassLoader loader) {
        if (hello.codeVersion().isEmpty()) {
            return;
        }
        String mine = CodeFingerprint.versionHere(hello.className(), hello.methodName(), hello.descriptor(), loader,
                hello.codeVersion(), hello.ownClasses(), hello.ownClassFiles());
        if (!mine.equals(hello.codeVersion())) {
            throw new IllegalStateException(HostName.get() + " runs code version " + mine + " of "
                    + hello.className() + "." + hello.methodName() + ", the coordinator runs " + hello.codeVersion()
                    + ": the class files on this worker's classpath (" + System.getProperty("java.class.path")
                    + ") are not the coordinator's; give the workers the same build");
        }
    }

    /** The coordinator reports it, with the trace; stderr gets it only when the coordinator cannot. */
    private void fatal(Throwable e) {
        try {
            out.write(FrameType.FATAL, new WorkerReports.Fatal(String.valueOf(e.getMessage()), trace(e)).encode());
        } catch (IOException notHeard) {
            System.err.print(trace(e));
        }
    }

    private void readFrames() {
        try {
            for (Frame frame = in.read(); frame != null; frame = in.read()) {
                lastHeard = System.nanoTime();
                reporter.nudge(); // stores what the computing thread handed over, off its path
                if (frame.type() == FrameType.HEARTBEAT) {
                    continue;
                }
                if (frame.type() == FrameType.JOB) {
                    jobs.add(ready(Messages.Job.decode(frame.payload())));
                } else if (frame.type() == FrameType.RECALL) {
                    giveBack(Messages.Recall.decode(frame.payload()).count());
                } else if (frame.type() == FrameType.STOP) {
                    stopping = true;
                    jobs.clear(); // not started: the coordinator re-queues them
                    jobs.add(STOP);
                } else {
                    System.err.println("mppfc worker: ignoring an unexpected " + frame.type() + " frame");
                }
            }
        } catch (IOException e) {
            System.err.println("mppfc worker: reading from the coordinator failed: " + e);
        }
        if (!stopping) {
            // stdin closed without STOP: the coordinator is gone; never outlive it
            Runtime.getRuntime().halt(0);
        }
    }

    /**
     * Gives back jobs not started, the last sent first, for a worker that idles. Taken off the
     * queue here, so the computing thread can never start one given back; after STOP, none.
     */
    private void giveBack(int count) throws IOException {
        long[] ids = new long[stopping ? 0 : Math.max(0, Math.min(count, jobs.size()))];
        int given = 0;
        while (given < ids.length) {
            ReadyJob job = jobs.pollLast();
            if (job == null) {
                break; // the computing thread took the rest
            }
            ids[given++] = job.job().id();
        }
        out.write(FrameType.RETURNED, new WorkerReports.Returned(Arrays.copyOf(ids, given)).encode());
    }

    /**
     * Says it is alive, and leaves when the coordinator has said nothing for the silence limit
     * (frozen, or on the far side of a broken network): its pipe may stay open then.
     */
    private void heartbeat(int millis) {
        long silenceLimit = TimeUnit.MILLISECONDS.toNanos(silenceLimitMillis(millis));
        while (true) {
            try {
                Thread.sleep(millis);
                long silent = System.nanoTime() - lastHeard;
                if (!stopping && silent > silenceLimit) {
                    System.err.printf("mppfc worker: nothing heard from the coordinator for %d s; exiting%n",
                            TimeUnit.NANOSECONDS.toSeconds(silent));
                    Runtime.getRuntime().halt(Messages.EXIT_COORDINATOR_SILENT);
                }
                out.write(FrameType.HEARTBEAT, new byte[0]);
            } catch (InterruptedException | IOException e) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /** Three times the coordinator's own limit for a silent worker: the coordinator notices first. */
    static long silenceLimitMillis(int heartbeatMillis) {
        return 3 * Math.max(30_000L, 20L * heartbeatMillis);
    }

    /**
     * Runs jobs in the order received. A result is reported computed together with the next
     * job's start, or alone when no job waits (so it is never held back), and handed to the
     * reporter to store.
     */
    private int runJobs() {
        Reporter.Computed previous = null;
        try {
            while (true) {
                ReadyJob job = jobs.poll();
                if (job == null) {
                    if (previous != null) {
                        handOver(previous, -1);
                        previous = null;
                    }
                    reporter.computingIdle();
                    job = jobs.take();
                    reporter.computingBusy();
                }
                if (job == STOP) {
                    if (previous != null) {
                        handOver(previous, -1);
                    }
                    reporter.finish(10, TimeUnit.MINUTES); // every computed result stored and reported
                    return 0;
                }
                handOver(previous, job.job().id());
                previous = null;
                try {
                    previous = compute(job);
                } catch (OutOfMemoryError e) {
                    reportOutOfMemory(job.job(), e);
                    return Messages.EXIT_OUT_OF_MEMORY; // a fresh JVM takes over
                }
            }
        } catch (InterruptedException e) {
            return 0;
        }
    }

    /**
     * Says that {@code computed} is computed and that job {@code started} starts, then hands the
     * result to the reporter to store. A function that ends its JVM (System.exit, a crash) must be
     * known for the one that did, whatever the reporter thread was doing: its id is in the started
     * slot, or else its STARTED frame on the pipe, before it runs. With a slot, the two frames
     * between two jobs wait in the output buffer for the reporter's next write (the DONE of the
     * result handed over here, at the latest): the pipe write, which wakes the coordinator's
     * reader, cost 10-18 µs between every two tasks (medians, 5 ms tasks; the slot's store 5 µs, so
     * it is made only for frames left in the buffer: a STARTED frame sent says more).
     * A job after an idle wait, or none, is said at once: the coordinator's clocks and windows
     * must not wait for a result that may take hours; and so are they unless the jobs queued here
     * outlast the wait ({@link #framesMayWait}), since the coordinator sends more only once it
     * hears of a COMPUTED (left in the buffer to the end, 5 ms tasks on a loaded machine ran dry
     * of jobs three times as often).
     */
    private void handOver(Reporter.Computed computed, long started) throws InterruptedException {
        byte[] frames = new byte[((computed != null ? 1 : 0) + (started >= 0 ? 1 : 0)) * FrameWriter.ID_FRAME];
        if (computed != null) {
            FrameWriter.putIdFrame(frames, 0, FrameType.COMPUTED, computed.job().id());
        }
        if (started >= 0) {
            FrameWriter.putIdFrame(frames, frames.length - FrameWriter.ID_FRAME, FrameType.STARTED, started);
        }
        boolean mayWait = slot != null && computed != null && started >= 0
                && framesMayWait(jobs.size(), computed.nanos());
        // the slot is mapped the first time it is wanted, once this result is handed over: not on its way
        boolean later = mayWait && slot.mapped();
        if (later) {
            slot.started(started); // before the frames: a death in between names this job, not the one before
        }
        try {
            if (later) {
                out.writeLater(frames);
            } else {
                out.writeFrames(frames);
            }
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the coordinator is gone
        }
        if (computed != null) {
            reporter.report(new Reporter.Report(computed, null));
        }
        if (mayWait && !later && !slot.map()) {
            slot = null; // it cannot be mapped: STARTED goes out before each job, as without one
        }
    }

    /**
     * Whether COMPUTED and STARTED may wait in the buffer for the reporter's next write, at the
     * latest a {@link Reporter#NAP_NANOS} away: only while the jobs queued here, at the last
     * task's time, last twice that. The coordinator sends the next job when it hears of a
     * COMPUTED; a count alone (4 jobs) let 5 ms tasks run dry waiting for a 20 ms nap.
     */
    static boolean framesMayWait(int queued, long lastTaskNanos) {
        return queued >= WRITE_LATER_QUEUED && queued * lastTaskNanos >= 2 * Reporter.NAP_NANOS;
    }

    private ReadyJob ready(Messages.Job job) {
        try {
            return new ReadyJob(job, invoker.adapt(Footprint.loadArguments(job.arguments())), null);
        } catch (Throwable t) {
            return new ReadyJob(job, null, t);
        }
    }

    /** The result, or null when the function threw (reported here). */
    private Reporter.Computed compute(ReadyJob ready) throws InterruptedException {
        Messages.Job job = ready.job();
        Object value;
        long start = System.nanoTime();
        try {
            if (ready.unreadable() != null) {
                throw ready.unreadable();
            }
            value = invoker.invoke(ready.arguments());
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            reporter.report(new Reporter.Report(null, new WorkerReports.Failed(job.id(), FailureKind.THREW,
                    FailureText.of(t))));
            return null;
        }
        return new Reporter.Computed(job, value, System.nanoTime() - start);
    }

    private void reportOutOfMemory(Messages.Job job, OutOfMemoryError e) throws InterruptedException {
        FailureText text = FailureText.of(e);
        reporter.report(new Reporter.Report(null, new WorkerReports.Failed(job.id(), FailureKind.THREW,
                text.exceptionClass(),
                text.message() + " (in the worker JVM; give workers more heap with workerJvmOptions(\"-Xmx...\"))",
                text.stackTrace())));
        reporter.finish(10, TimeUnit.SECONDS);
    }

    /** Bounded, and written without recursion: the JDK's printStackTrace overflows on a deep chain of causes. */
    static String trace(Throwable t) {
        return FailureText.of(t).stackTrace();
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
