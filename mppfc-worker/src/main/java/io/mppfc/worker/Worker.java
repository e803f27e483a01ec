package io.mppfc.worker;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.ClassNotAllowedException;
import io.mppfc.cache.ClassAllowList;
import io.mppfc.cache.Codec;
import io.mppfc.cache.DiskCache;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionInvoker;
import io.mppfc.function.FunctionRef;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One worker's life: hello, ready, then jobs one at a time until STOP or stdin EOF. A reader
 * thread takes frames off stdin so that STOP and EOF are seen while a job runs: EOF (the
 * coordinator is gone) ends the process at once, STOP lets the current job finish and drops
 * the ones not yet started (the coordinator re-queues them).
 */
final class Worker {

    /**
     * Largest frame the coordinator may send (a job's arguments, or a hello); larger ones are
     * skipped as garbage without being allocated. System property {@code mppfc.maxFrameBytes}
     * (give it to the workers with {@code workerJvmOptions("-Dmppfc.maxFrameBytes=...")}).
     */
    static final int MAX_FRAME = Integer.getInteger("mppfc.maxFrameBytes", 256 << 20);
    private static final Messages.Job STOP = new Messages.Job(-1, new byte[0], new byte[0]);

    private final FrameReader in;
    private final FrameWriter out;
    private final BlockingQueue<Messages.Job> jobs = new LinkedBlockingQueue<>();
    /**
     * Stores results while the next task computes: a file write (two directory levels, a temp
     * file, a rename) costs about as much as a short task. Bounded: when it falls behind, the
     * computing thread stores the result itself.
     */
    private final ThreadPoolExecutor storer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4), r -> {
                Thread t = new Thread(r, "mppfc-worker-store");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
    private volatile boolean stopping;
    private FunctionInvoker invoker;
    private DiskCache cache;

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
            out.write(FrameType.READY, new Messages.Ready(Messages.PROTOCOL_VERSION, ProcessHandle.current().pid()).encode());
        } catch (IOException e) {
            return 0;
        }
        startDaemon("mppfc-worker-" + hello.workerIndex() + "-stdin", this::readFrames);
        startDaemon("mppfc-worker-" + hello.workerIndex() + "-heartbeat", () -> heartbeat(hello.heartbeatMillis()));
        return runJobs();
    }

    private void setUp(Messages.Hello hello) throws IOException {
        FunctionRef ref = new FunctionRef(hello.className(), hello.methodName(), hello.descriptor(), hello.kind(),
                Arrays.asList(Footprint.loadArguments(hello.captured())), hello.argumentsAsArray());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        invoker = FunctionInvoker.bind(ref, loader != null ? loader : Worker.class.getClassLoader());
        Codec codec = Codec.byId(hello.codecId());
        if (codec == null) {
            throw new ProtocolException("unknown codec id " + hello.codecId());
        }
        ClassAllowList allowList = new ClassAllowList(new HashSet<>(hello.allowedClasses()),
                new HashSet<>(hello.allowedPackages()));
        Path directory = Path.of(hello.cacheDirectory());
        if (!hello.shareMarker().isEmpty()) {
            SharedDirectory.check(directory, hello.shareMarker());
        }
        DiskCache opened = DiskCache.open(directory, codec.create(allowList), allowList, hello.durable());
        DiskCache tagged = hello.tempTag().isEmpty() ? opened : opened.taggingTemps(hello.tempTag());
        cache = tagged.compressing(hello.compressionLevel());
        cache.checkWritable();
    }

    /** The coordinator reports it, with the trace; stderr gets it only when the coordinator cannot. */
    private void fatal(Throwable e) {
        try {
            out.write(FrameType.FATAL, new Messages.Fatal(String.valueOf(e.getMessage()), trace(e)).encode());
        } catch (IOException notHeard) {
            e.printStackTrace();
        }
    }

    private void readFrames() {
        try {
            for (Frame frame = in.read(); frame != null; frame = in.read()) {
                if (frame.type() == FrameType.JOB) {
                    jobs.add(Messages.Job.decode(frame.payload()));
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

    private void heartbeat(int millis) {
        ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        while (true) {
            try {
                Thread.sleep(millis);
                if (parent != null && !parent.isAlive()) {
                    System.err.println("mppfc worker: the coordinator process is gone; exiting");
                    Runtime.getRuntime().halt(0);
                }
                out.write(FrameType.HEARTBEAT, new byte[0]);
            } catch (InterruptedException | IOException e) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    private int runJobs() {
        while (true) {
            Messages.Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                return 0;
            }
            if (job == STOP) {
                return drainStores();
            }
            try {
                runJob(job);
            } catch (IOException e) {
                return 0; // the coordinator is gone
            } catch (OutOfMemoryError e) {
                reportOutOfMemory(job, e);
                return Messages.EXIT_OUT_OF_MEMORY; // a fresh JVM takes over
            }
        }
    }

    /** Before exiting: every computed result stored and reported. */
    private int drainStores() {
        storer.shutdown();
        try {
            storer.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void runJob(Messages.Job job) throws IOException {
        out.write(FrameType.STARTED, new Messages.Started(job.id()).encode());
        Object value;
        long start = System.nanoTime();
        try {
            Object[] arguments = invoker.adapt(Footprint.loadArguments(job.arguments()));
            start = System.nanoTime();
            value = invoker.invoke(arguments);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            out.write(FrameType.FAILED, new Messages.Failed(job.id(), t.getClass().getName(), t.getMessage(), trace(t))
                    .encode());
            return;
        }
        long nanos = System.nanoTime() - start;
        storer.execute(() -> store(job, value, nanos));
    }

    /** DONE only once the entry is renamed into place. */
    private void store(Messages.Job job, Object value, long nanos) {
        try {
            try {
                cache.write(CacheKey.of(job.key()), value, Duration.ofNanos(nanos), true, job.arguments());
            } catch (ClassNotAllowedException e) {
                // policy, not a fault of the function's: the message says what to allow; no frames to read
                out.write(FrameType.FAILED, new Messages.Failed(job.id(), e.getClass().getName(),
                        "the result cannot be stored: " + e.getMessage(), "").encode());
                return;
            } catch (Exception | OutOfMemoryError e) {
                out.write(FrameType.FAILED, new Messages.Failed(job.id(), e.getClass().getName(),
                        "the result was computed but cannot be stored: " + e.getMessage(), trace(e)).encode());
                return;
            }
            out.write(FrameType.DONE, new Messages.Done(job.id(), nanos).encode());
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the coordinator is gone
        }
    }

    private void reportOutOfMemory(Messages.Job job, OutOfMemoryError e) {
        try {
            out.write(FrameType.FAILED, new Messages.Failed(job.id(), e.getClass().getName(),
                    e.getMessage() + " (in the worker JVM; give workers more heap with workerJvmOptions(\"-Xmx...\"))",
                    trace(e)).encode());
        } catch (IOException | OutOfMemoryError ignored) {
            // the coordinator sees the worker exit and reports it
        }
    }

    static String trace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
