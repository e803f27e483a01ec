package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-over does not wake the reporter; these pin down that every result is still stored and
 * reported, in order, whoever wakes it. A lost wake-up shows as a frame that never comes: each
 * read is bounded to catch that hang.
 */
class ReporterTest {

    @TempDir
    Path dir;

    private DiskCache cache;
    private FrameReader fromReporter;
    private Reporter reporter;
    private final String reporterName = "test-reporter-" + System.identityHashCode(this);
    private final ExecutorService reading = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        cache = DiskCache.open(dir, Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES), ClassAllowList.JDK_VALUES,
                false);
        Pipe pipe = Pipe.open();
        fromReporter = new FrameReader(Channels.newInputStream(pipe.source()), 1 << 20, garbage -> { });
        reporter = new Reporter(new FrameWriter(Channels.newOutputStream(pipe.sink())), ResultStore.into(cache),
                reporterName);
    }

    @AfterEach
    void stop() {
        reading.shutdownNow();
    }

    private static Reporter.Report result(int i) {
        Messages.Job job = new Messages.Job(i, Footprint.sha256(i), Footprint.ofArguments(i));
        return new Reporter.Report(new Reporter.Computed(job, i * 10, 1000), null);
    }

    /** The ids of the next {@code n} DONE frames, read on this thread. */
    private List<Long> done(int n) throws Exception {
        List<Long> read = new ArrayList<>();
        while (read.size() < n) {
            Frame frame = fromReporter.read();
            assertThat(frame.type()).isEqualTo(FrameType.DONE);
            read.add(WorkerReports.Done.decode(frame.payload()).id());
        }
        return read;
    }

    /** The ids of the next {@code n} DONE frames, within a bound that catches a lost wake-up. */
    private List<Long> doneSoon(int n) throws Exception {
        return reading.submit(() -> done(n)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aResultHandedOverWhileTheComputingThreadRunsIsStoredWithoutAnyNudge() throws Exception {
        reporter.computingBusy();
        reporter.report(result(1));
        assertThat(doneSoon(1)).containsExactly(1L);
        assertThat(cache.read(CacheKey.of(Footprint.sha256(1))).value()).isEqualTo(10);
    }

    @Test
    void aNudgeFromTheStdinReaderStoresWhatWaits() throws Exception {
        reporter.computingBusy();
        reporter.report(result(1));
        reporter.nudge();
        assertThat(doneSoon(1)).containsExactly(1L);
    }

    @Test
    void afterTheComputingThreadWentIdleTheNextHandOverWakesTheReporter() throws Exception {
        reporter.computingIdle();
        Thread.sleep(200); // the reporter rests, without a bound, until a hand-over
        reporter.computingBusy();
        reporter.report(result(1));
        assertThat(doneSoon(1)).containsExactly(1L);
    }

    @Test
    void duringALongTaskTheReporterRestsAndTheNextHandOverWakesIt() throws Exception {
        reporter.computingBusy();
        reporter.report(result(1));
        assertThat(doneSoon(1)).containsExactly(1L);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Reporter.QUIET_NANOS) + 500); // a long task: the naps stop
        reporter.report(result(2));
        assertThat(doneSoon(1)).containsExactly(2L);
    }

    @Test
    void goingIdleStoresWhatWasHandedOver() throws Exception {
        reporter.computingBusy();
        reporter.report(result(1));
        reporter.report(result(2));
        reporter.computingIdle();
        assertThat(doneSoon(2)).containsExactly(1L, 2L);
    }

    @Test
    void aComputingThreadFarAheadOfTheDiskWaitsAndLosesNothing() throws Exception {
        int n = 5 * Reporter.MAX_HELD;
        Future<List<Long>> ids = reading.submit(() -> done(n));
        reporter.computingBusy();
        for (int i = 0; i < n; i++) {
            reporter.report(result(i));
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            expected.add(i);
        }
        assertThat(ids.get(60, TimeUnit.SECONDS)).isEqualTo(expected);
    }

    @Test
    void finishReportsEverythingHandedOverThenEnds() throws Exception {
        reporter.computingBusy();
        for (int i = 0; i < 3; i++) {
            reporter.report(result(i));
        }
        Future<List<Long>> ids = reading.submit(() -> done(3));
        reporter.finish(30, TimeUnit.SECONDS);
        assertThat(ids.get(30, TimeUnit.SECONDS)).containsExactly(0L, 1L, 2L);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(reporterName));
    }

    /** A reporter whose results wait for company for an hour: only the count, or the end, publishes. */
    private Reporter patient(Pipe pipe) {
        return waiting(pipe, TimeUnit.HOURS.toNanos(1), TimeUnit.HOURS.toNanos(1));
    }

    /** Publishes what it holds once none came for {@code pauseNanos} or the oldest waited {@code lingerNanos}. */
    private Reporter waiting(Pipe pipe, long pauseNanos, long lingerNanos) {
        return new Reporter(new FrameWriter(Channels.newOutputStream(pipe.sink())), ResultStore.into(cache),
                reporterName + "-waiting", pauseNanos, lingerNanos);
    }

    private static FrameReader reader(Pipe pipe) {
        return new FrameReader(Channels.newInputStream(pipe.source()), 1 << 20, g -> { });
    }

    private static List<Long> done(FrameReader from, int n) throws Exception {
        List<Long> read = new ArrayList<>();
        while (read.size() < n) {
            Frame frame = from.read();
            assertThat(frame.type()).isEqualTo(FrameType.DONE);
            read.add(WorkerReports.Done.decode(frame.payload()).id());
        }
        return read;
    }

    private List<Long> doneSoon(FrameReader from, int n) throws Exception {
        return reading.submit(() -> done(from, n)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void theResultsOfShortTasksHandedOverWhileTheComputingThreadRunsArePublishedAsOnePack() throws Exception {
        Pipe pipe = Pipe.open();
        Reporter batching = patient(pipe);
        int n = 3 * Reporter.MAX_HELD;
        batching.computingBusy();
        for (int i = 0; i < n; i++) {
            batching.report(result(i));
        }
        batching.computingIdle();
        Future<List<Long>> ids = reading.submit(() -> done(new FrameReader(Channels.newInputStream(pipe.source()),
                1 << 20, g -> { }), n));
        batching.finish(30, TimeUnit.SECONDS);

        assertThat(ids.get(30, TimeUnit.SECONDS)).hasSize(n);
        assertThat(PackSet.list(dir.resolve(PackSet.DIRECTORY))).hasSize(1);
        assertThat(CacheInventory.entries(dir)).as("loose entries").isEmpty();
    }

    @Test
    void atMostThePendingBoundOfResultsWaitWhileTheComputingThreadRuns() throws Exception {
        Pipe pipe = Pipe.open();
        Reporter batching = patient(pipe);
        FrameReader from = new FrameReader(Channels.newInputStream(pipe.source()), 1 << 20, g -> { });
        batching.computingBusy();
        for (int i = 0; i < Reporter.MOST_PENDING + 1; i++) {
            batching.report(result(i));
        }

        assertThat(doneSoon(from, Reporter.MOST_PENDING)).hasSize(Reporter.MOST_PENDING);
        Future<List<Long>> last = reading.submit(() -> done(from, 1));
        batching.finish(30, TimeUnit.SECONDS);
        assertThat(last.get(30, TimeUnit.SECONDS)).containsExactly((long) Reporter.MOST_PENDING);
    }

    @Test
    void theResultOfALongTaskIsPublishedWithoutWaitingForOthers() throws Exception {
        Pipe pipe = Pipe.open();
        Reporter batching = patient(pipe);
        Messages.Job job = new Messages.Job(1, Footprint.sha256(1), Footprint.ofArguments(1));
        batching.computingBusy();
        batching.report(new Reporter.Report(new Reporter.Computed(job, 10, TimeUnit.HOURS.toNanos(2)), null));
        batching.nudge();

        assertThat(doneSoon(new FrameReader(Channels.newInputStream(pipe.source()), 1 << 20, g -> { }), 1))
                .containsExactly(1L);
    }

    @Test
    void resultsThatKeepComingWaitPastThePauseForOnePack() throws Exception {
        Pipe pipe = Pipe.open();
        // before, a result waited only a fixed time from the oldest: 30 results over 1.5 s made two packs
        Reporter batching = waiting(pipe, TimeUnit.SECONDS.toNanos(1), TimeUnit.HOURS.toNanos(1));
        int n = 30;
        Future<List<Long>> ids = reading.submit(() -> done(reader(pipe), n));
        batching.computingBusy();
        for (int i = 0; i < n; i++) {
            batching.report(result(i));
            Thread.sleep(50); // the stimulus: results 50 ms apart, far inside the 1 s pause
        }

        assertThat(ids.get(30, TimeUnit.SECONDS)).hasSize(n);
        assertThat(PackSet.list(dir.resolve(PackSet.DIRECTORY))).hasSize(1);
        batching.finish(30, TimeUnit.SECONDS);
    }

    @Test
    void aLoneResultIsPublishedOnceNoOtherCameForThePause() throws Exception {
        Pipe pipe = Pipe.open();
        Reporter batching = waiting(pipe, TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.HOURS.toNanos(1));
        batching.computingBusy();
        batching.report(result(1));

        assertThat(doneSoon(reader(pipe), 1)).containsExactly(1L);
        batching.finish(30, TimeUnit.SECONDS);
    }

    @Test
    void resultsThatKeepComingWaitNoLongerThanTheLinger() throws Exception {
        Pipe pipe = Pipe.open();
        Reporter batching = waiting(pipe, TimeUnit.HOURS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(200));
        int n = Reporter.MOST_PENDING - 4; // under the count that publishes by itself
        Future<List<Long>> first = reading.submit(() -> done(reader(pipe), 1));
        batching.computingBusy();
        int handedBeforeFirstDone = -1;
        for (int i = 0; i < n; i++) {
            batching.report(result(i));
            if (handedBeforeFirstDone < 0 && first.isDone()) {
                handedBeforeFirstDone = i;
            }
            Thread.sleep(20); // the stimulus: a stream of results over 1.2 s, six times the linger
        }

        assertThat(first.get(30, TimeUnit.SECONDS)).containsExactly(0L);
        assertThat(handedBeforeFirstDone).as("results handed over when the first DONE came").isBetween(1, n - 1);
        batching.finish(30, TimeUnit.SECONDS); // what it still holds goes in before the directory is removed
    }
}
