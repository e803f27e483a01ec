package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.DiskCache;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionRef;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import io.mppfc.protocol.StartedSlot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker in this JVM, spoken to through real pipes as the coordinator speaks to it: the jobs'
 * arguments are decoded by its stdin reader, ahead of the computing thread, and what goes wrong
 * there must still be the job's own failure, in its turn.
 */
class WorkerJobsTest {

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private Messages.Hello hello() {
        return hello("identity");
    }

    /** A function of TestFunctions from int to int. */
    private Messages.Hello hello(String function) {
        return new Messages.Hello(Messages.PROTOCOL_VERSION, TestFunctions.class.getName(), function, "(I)I",
                FunctionRef.Kind.STATIC, false, Footprint.ofArguments(), dir.toString(), "", "",
                Codecs.id(Codec.FORY), false, List.copyOf(ClassAllowList.JDK_VALUES.classes()),
                List.copyOf(ClassAllowList.JDK_VALUES.packages()), 1, (int) TimeUnit.HOURS.toMillis(1), 0, "",
                List.of(), List.of(), false);
    }

    /** A worker running on a thread of this JVM, and the coordinator's ends of its pipes. */
    private record Connection(FrameWriter coordinator, FrameReader heard, Future<Integer> exit, Pipe toWorker,
            Pipe fromWorker) {
    }

    private Connection startWorker() throws IOException {
        Pipe toWorker = Pipe.open();
        Pipe fromWorker = Pipe.open();
        Worker worker = new Worker(Channels.newInputStream(toWorker.source()),
                Channels.newOutputStream(fromWorker.sink()));
        return new Connection(new FrameWriter(Channels.newOutputStream(toWorker.sink())),
                new FrameReader(Channels.newInputStream(fromWorker.source()), 1 << 20, garbage -> { }),
                threads.submit(worker::run), toWorker, fromWorker);
    }

    private static Messages.Job job(long id, byte[] arguments) {
        return new Messages.Job(id, Footprint.sha256(id), arguments);
    }

    @Test
    void aJobWhoseArgumentsCannotBeRebuiltFailsAloneAndTheNextIsComputed() throws Exception {
        Connection worker = startWorker();
        FrameWriter coordinator = worker.coordinator();
        FrameReader heard = worker.heard();

        coordinator.write(FrameType.HELLO, hello().encode());
        coordinator.write(FrameType.JOB, job(1, new byte[] {(byte) 0x7f, 1, 2}).encode());
        coordinator.write(FrameType.JOB, job(2, Footprint.ofArguments(21)).encode());
        Map<FrameType, Frame> outcomes = threads.submit(() -> {
            Map<FrameType, Frame> seen = new HashMap<>();
            while (!seen.containsKey(FrameType.FAILED) || !seen.containsKey(FrameType.DONE)) {
                Frame frame = heard.read();
                assertThat(frame.type()).isNotEqualTo(FrameType.FATAL);
                seen.put(frame.type(), frame);
            }
            return seen;
        }).get(60, TimeUnit.SECONDS);

        WorkerReports.Failed failed = WorkerReports.Failed.decode(outcomes.get(FrameType.FAILED).payload());
        assertThat(failed.id()).isEqualTo(1);
        assertThat(failed.kind()).isEqualTo(FailureKind.THREW);
        assertThat(failed.exceptionClass()).endsWith("FootprintException");
        assertThat(WorkerReports.Done.decode(outcomes.get(FrameType.DONE).payload()).id()).isEqualTo(2);
        DiskCache cache = DiskCache.open(dir, Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES),
                ClassAllowList.JDK_VALUES, false);
        assertThat(cache.read(CacheKey.of(Footprint.sha256(2L))).value()).isEqualTo(21);

        coordinator.write(FrameType.STOP, new byte[0]);
        worker.toWorker().sink().close();
        assertThat(worker.exit().get(60, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aRecallGivesBackTheJobsNotStartedLastSentFirstAndNeverRunsThem() throws Exception {
        Connection worker = startWorker();
        FrameWriter coordinator = worker.coordinator();
        FrameReader heard = worker.heard();
        List<Frame> seen = new ArrayList<>();

        coordinator.write(FrameType.HELLO, hello("sleepy2").encode()); // 300 ms a task
        for (long id = 1; id <= 4; id++) {
            coordinator.write(FrameType.JOB, job(id, Footprint.ofArguments((int) id)).encode());
        }
        readUntil(heard, FrameType.STARTED, seen);
        coordinator.write(FrameType.RECALL, new Messages.Recall(2).encode());
        long[] givenBack = WorkerReports.Returned.decode(readUntil(heard, FrameType.RETURNED, seen).payload()).ids();
        coordinator.write(FrameType.STOP, new byte[0]);
        coordinator.write(FrameType.RECALL, new Messages.Recall(5).encode());
        long[] afterStop = WorkerReports.Returned.decode(readUntil(heard, FrameType.RETURNED, seen).payload()).ids();
        assertThat(worker.exit().get(60, TimeUnit.SECONDS)).isZero();
        worker.fromWorker().sink().close();
        for (Frame frame = heard.read(); frame != null; frame = heard.read()) {
            seen.add(frame);
        }

        assertThat(givenBack).containsExactly(4, 3);
        assertThat(afterStop).as("STOP drops the jobs not started: none left to give").isEmpty();
        List<Long> started = new ArrayList<>();
        for (Frame frame : seen) {
            if (frame.type() == FrameType.STARTED) {
                started.add(WorkerReports.Started.decode(frame.payload()).id());
            }
        }
        assertThat(started).contains(1L).doesNotContain(3L, 4L);
        worker.toWorker().sink().close();
    }

    /**
     * With a started slot, the two frames between two jobs wait in the buffer for the reporter's
     * next write while jobs are queued behind them (each write woke the coordinator's reader,
     * before the next job could run), and the slot names the job running before any frame does;
     * with few queued, they go out at once, so the coordinator sends more in time. The slot is
     * mapped the first time it is wanted (job 2, whose frames go out at once), after that job's
     * predecessor is handed over: never on the way to the first result.
     */
    @Test
    void withAStartedSlotTheFramesBetweenTwoJobsWaitForTheNextWriteWhileJobsAreQueued() throws Exception {
        String tag = "0a1b2c3d4e5f";
        StartedSlot.Made slot = StartedSlot.create(tag);
        try {
            Pipe toWorker = Pipe.open();
            Pipe fromWorker = Pipe.open();
            FlushRecorder out = new FlushRecorder(Channels.newOutputStream(fromWorker.sink()));
            Worker worker = new Worker(Channels.newInputStream(toWorker.source()), out);
            Future<Integer> exit = threads.submit(worker::run);
            FrameWriter coordinator = new FrameWriter(Channels.newOutputStream(toWorker.sink()));
            FrameReader heard = new FrameReader(Channels.newInputStream(fromWorker.source()), 1 << 20, garbage -> { });
            Messages.Hello plain = hello("sleeps50"); // the jobs sent are all queued before the first ends
            coordinator.write(FrameType.HELLO, new Messages.Hello(plain.protocolVersion(), plain.className(),
                    plain.methodName(), plain.descriptor(), plain.kind(), false, plain.captured(),
                    plain.cacheDirectory(), "", tag, plain.codecId(), false, plain.allowedClasses(),
                    plain.allowedPackages(), 1, plain.heartbeatMillis(), 0, "", List.of(), List.of(), false,
                    slot.path().toString()).encode());
            for (long id = 1; id <= 8; id++) {
                coordinator.write(FrameType.JOB, job(id, Footprint.ofArguments((int) id)).encode());
            }
            List<Frame> seen = new ArrayList<>();
            for (long id = 0; id < 4; ) {
                id = WorkerReports.Started.decode(readUntil(heard, FrameType.STARTED, seen).payload()).id();
                if (id > 2) { // the first, after an idle wait, is said at once; the second maps the slot
                    assertThat(slot.lastStarted()).as("the slot when STARTED %s is read", id)
                            .isGreaterThanOrEqualTo(id);
                }
            }
            while (WorkerReports.Done.decode(readUntil(heard, FrameType.DONE, seen).payload()).id() < 8) {
                continue;
            }
            coordinator.write(FrameType.STOP, new byte[0]);
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();

            List<List<String>> writes = out.flushes();
            // the reporter writes what waits at its next wake-up (a nap of 5 ms at most): which thread
            // made a write says whether the computing thread wrote its frames itself
            List<List<String>> byComputingThread = out.flushesNotBy(name -> name.endsWith("-reporter"));
            assertThat(byComputingThread).as("job 2, with 6 queued behind it: its frames go out, the slot is mapped")
                    .anyMatch(frames -> frames.equals(List.of("COMPUTED 1", "STARTED 2")));
            assertThat(byComputingThread).as("jobs 3 and 4, with 5 and 4 queued behind them: their frames wait")
                    .noneMatch(frames -> frames.contains("STARTED 3") || frames.contains("STARTED 4"));
            assertThat(byComputingThread).as("job 8, the last: its frames go out at once")
                    .anyMatch(frames -> frames.equals(List.of("COMPUTED 7", "STARTED 8")));
            assertThat(writes.stream().flatMap(List::stream).filter(f -> f.startsWith("STARTED"))).hasSize(8);
        } finally {
            slot.remove();
        }
    }

    @Test
    void theFramesBetweenTwoJobsWaitOnlyWhileTheJobsQueuedOutlastTwoOfTheReportersNaps() {
        long nap = Reporter.NAP_NANOS;
        assertThat(Worker.framesMayWait(4, nap / 5)).as("4 jobs, under a nap in all: the coordinator could hear too late")
                .isFalse();
        assertThat(Worker.framesMayWait(8, nap / 5)).as("8 jobs, 1.6 naps in all").isFalse();
        assertThat(Worker.framesMayWait(4, nap / 2)).as("4 jobs, 2 naps in all").isTrue();
        assertThat(Worker.framesMayWait(3, TimeUnit.HOURS.toNanos(1))).as("fewer than 4 queued").isFalse();
    }

    /** Buffers what is written, as the worker's real stdout does, and records the frame types of each flush. */
    private static final class FlushRecorder extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private final List<List<String>> flushes = new ArrayList<>();
        private final List<String> writers = new ArrayList<>();

        FlushRecorder(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() throws IOException {
            if (pending.size() == 0) {
                return;
            }
            List<String> written = new ArrayList<>();
            FrameReader frames = new FrameReader(new ByteArrayInputStream(pending.toByteArray()), 1 << 20, g -> { });
            for (Frame frame = frames.read(); frame != null; frame = frames.read()) {
                if (frame.type() == FrameType.COMPUTED || frame.type() == FrameType.STARTED) {
                    written.add(frame.type() + " " + ByteBuffer.wrap(frame.payload()).getLong());
                } else if (frame.type() != FrameType.HEARTBEAT) {
                    written.add(frame.type().toString());
                }
            }
            flushes.add(written);
            writers.add(Thread.currentThread().getName());
            out.write(pending.toByteArray());
            out.flush();
            pending.reset();
        }

        /** The frames of each write made by a thread whose name {@code excluded} does not accept. */
        synchronized List<List<String>> flushesNotBy(java.util.function.Predicate<String> excluded) {
            List<List<String>> kept = new ArrayList<>();
            for (int i = 0; i < flushes.size(); i++) {
                if (!excluded.test(writers.get(i))) {
                    kept.add(flushes.get(i));
                }
            }
            return kept;
        }

        /** The frames of each write, COMPUTED and STARTED with their ids. */
        synchronized List<List<String>> flushes() {
            return new ArrayList<>(flushes);
        }
    }

    /** The next frame of this type, keeping every frame read on the way; fails after a minute. */
    private Frame readUntil(FrameReader heard, FrameType type, List<Frame> seen) throws Exception {
        return threads.submit(() -> {
            while (true) {
                Frame frame = heard.read();
                assertThat(frame).as("a %s frame before the end", type).isNotNull();
                seen.add(frame);
                if (frame.type() == type) {
                    return frame;
                }
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
