package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's results stored into the cache: the small new ones of a reporter's batch as one batch pack. */
class CacheResultsTest {

    @TempDir
    Path root;

    private Path function;
    private DiskCache cache;
    private CacheResults results;

    @BeforeEach
    void open() throws Exception {
        function = root.resolve("f");
        cache = DiskCache.open(function, Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES), ClassAllowList.JDK_VALUES,
                false);
        results = new CacheResults(cache);
    }

    private static Reporter.Computed computed(int i, Object value) {
        return new Reporter.Computed(new Messages.Job(i, Footprint.sha256(i), Footprint.ofArguments(i)), value, 1000);
    }

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    private List<Path> packs() throws Exception {
        return PackSet.list(function.resolve(PackSet.DIRECTORY));
    }

    /** Offers each to be held, as the reporter does, then publishes what was held. */
    private void holdAndPublish(List<Reporter.Computed> batch) {
        for (Reporter.Computed c : batch) {
            results.hold(c);
        }
        results.publishHeld();
    }

    @Test
    void theSmallNewResultsHeldAreOnePackInPlaceBeforeAnyIsStoredOneByOne() throws Exception {
        List<Reporter.Computed> batch = new ArrayList<>();
        for (int i = 0; i < Reporter.MOST_PENDING; i++) {
            batch.add(computed(i, i * 10));
        }

        holdAndPublish(batch);

        assertThat(packs()).singleElement().satisfies(p -> assertThat(PackSet.generation(p)).isZero());
        for (Reporter.Computed c : batch) {
            results.store(c.job(), c.value(), c.nanos(), new ByteArrayOutputStream());
        }
        assertThat(CacheInventory.entries(function)).as("no loose file").isEmpty();
        for (int i = 0; i < Reporter.MOST_PENDING; i++) {
            assertThat(cache.read(key(i)).value()).isEqualTo(i * 10);
        }
    }

    @Test
    void aResultWhoseKeyIsInTheCacheReplacesItLooseAsBefore() throws Exception {
        cache.write(key(1), -1, Duration.ZERO, false); // stale: the coordinator had it computed again
        List<Reporter.Computed> batch = List.of(computed(0, 0), computed(1, 10), computed(2, 20));

        holdAndPublish(batch);
        for (Reporter.Computed c : batch) {
            results.store(c.job(), c.value(), c.nanos(), new ByteArrayOutputStream());
        }

        assertThat(cache.read(key(1)).value()).isEqualTo(10);
        assertThat(CacheInventory.entries(function)).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(key(1)));
    }

    @Test
    void aJobWhoseKeyTheCoordinatorFoundAbsentIsPackedWithoutASearchAndOneWithoutTheFlagIsSearched()
            throws Exception {
        cache.write(key(1), 10, Duration.ZERO, false); // another process stored both after the lookups
        cache.write(key(2), 20, Duration.ZERO, false);
        Reporter.Computed absent = new Reporter.Computed(
                new Messages.Job(1, Footprint.sha256(1), Footprint.ofArguments(1), true), 10, 1000);
        Reporter.Computed unknown = new Reporter.Computed(
                new Messages.Job(2, Footprint.sha256(2), Footprint.ofArguments(2), false), 20, 1000);
        List<Reporter.Computed> batch = List.of(absent, unknown, computed(3, 30));

        holdAndPublish(batch);

        assertThat(PackSet.list(function.resolve(PackSet.DIRECTORY))).singleElement()
                .satisfies(p -> assertThat(io.mppfc.cache.pack.Pack.open(p).find(key(1))).as("absent: packed, unsearched")
                        .isNotNegative())
                .satisfies(p -> assertThat(io.mppfc.cache.pack.Pack.open(p).find(key(2))).as("searched: found, loose")
                        .isNegative());
        assertThat(cache.read(key(1)).value()).isEqualTo(10);
        assertThat(cache.read(key(2)).value()).isEqualTo(20);
    }

    @Test
    void aResultThatCannotBeStoredFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        Object notAllowed = new java.util.concurrent.atomic.AtomicLong(7); // a class the allow-list refuses
        List<Reporter.Computed> batch = List.of(computed(0, 0), computed(1, notAllowed), computed(2, 20));

        holdAndPublish(batch);

        results.store(batch.get(0).job(), 0, 1000, new ByteArrayOutputStream());
        assertThatThrownBy(() -> results.store(batch.get(1).job(), notAllowed, 1000, new ByteArrayOutputStream()))
                .isInstanceOf(ClassNotAllowedException.class);
        results.store(batch.get(2).job(), 20, 1000, new ByteArrayOutputStream());
        assertThat(cache.read(key(0)).value()).isEqualTo(0);
        assertThat(cache.read(key(2)).value()).isEqualTo(20);
        assertThat(cache.contains(key(1))).isFalse();
    }

    @Test
    void aResultHeldAloneIsWrittenLooseNotAsAPackOfOne() throws Exception {
        Reporter.Computed alone = computed(0, 0);

        assertThat(results.hold(alone)).isEqualTo(ResultStore.Offer.HELD);
        results.publishHeld();
        results.store(alone.job(), alone.value(), alone.nanos(), new ByteArrayOutputStream());

        assertThat(packs()).isEmpty();
        assertThat(CacheInventory.entries(function)).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(key(0)));
    }

    @Test
    void eachDoneOfAReporterComesOnlyOnceItsEntryIsInPlace() throws Exception {
        Pipe pipe = Pipe.open();
        FrameReader fromReporter = new FrameReader(Channels.newInputStream(pipe.source()), 1 << 20, garbage -> { });
        Reporter reporter = new Reporter(new FrameWriter(Channels.newOutputStream(pipe.sink())), results,
                "test-reporter-" + System.identityHashCode(this));
        DiskCache coordinator = DiskCache.open(function, Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES),
                ClassAllowList.JDK_VALUES, false);
        int n = 4 * Reporter.MAX_HELD;
        ExecutorService reading = Executors.newSingleThreadExecutor();
        try {
            var done = reading.submit(() -> {
                List<Long> ids = new ArrayList<>();
                while (ids.size() < n) {
                    Frame frame = fromReporter.read();
                    assertThat(frame.type()).isEqualTo(FrameType.DONE);
                    WorkerReports.Done d = WorkerReports.Done.decode(frame.payload());
                    assertThat(coordinator.isPresent(CacheKey.of(d.key()))).as("entry of %d in place", d.id()).isTrue();
                    ids.add(d.id());
                }
                return ids;
            });
            reporter.computingBusy();
            for (int i = 0; i < n; i++) {
                reporter.report(new Reporter.Report(computed(i, i * 10), null));
            }
            reporter.computingIdle();

            assertThat(done.get(60, TimeUnit.SECONDS)).hasSize(n);
        } finally {
            reading.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            assertThat(coordinator.read(key(i)).value()).isEqualTo(i * 10);
        }
        long files = CacheInventory.entries(function).size() + packs().size();
        assertThat(files).as("files created for %d results", n).isLessThan(n);
    }
}
