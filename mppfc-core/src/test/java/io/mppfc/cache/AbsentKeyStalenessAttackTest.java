package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.BatchFold;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attack on the absent flag (a key the coordinator's lookup found absent is published in a
 * batch without a search): two batch records of one key, the older one older than {@code
 * staleAfter}. Readers get the newest, and a fold and {@code pack} keep it. (An entry another writer
 * stored loose or packed after the lookup shadows a flagged batch record by design: the coordinator
 * sends no flag for a function with {@code staleAfter}, pinned end to end by
 * {@code AbsentKeyStaleServedTest}.)
 */
class AbsentKeyStalenessAttackTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    /** A staleAfter shorter than the task's time in the queue: the case docs/DESIGN.md gives up. */
    private static final Duration STALE_AFTER = Duration.ofMillis(300);
    private static final CacheKey KEY = CacheKey.of(Footprint.sha256(7));

    @TempDir
    Path root;

    private DiskCache open(String function) throws IOException {
        return DiskCache.open(root.resolve(function), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    /** Waits, bounded, until an entry stored at {@code storedAt} is older than {@link #STALE_AFTER}. */
    private static void awaitStale(Instant storedAt) {
        Instant bound = Instant.now().plusSeconds(10);
        while (!Instant.now().isAfter(storedAt.plus(STALE_AFTER))) {
            assertThat(Instant.now()).as("the clock moves").isBefore(bound);
            Thread.onSpinWait();
        }
    }

    private static Instant publish(DiskCache writer, CacheKey key, double value, boolean absent) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EntryBatch batch = writer.batch();
        assertThat(batch.add(key, value, Duration.ofMillis(1), new byte[0], absent)).isTrue();
        batch.publish();
        return before;
    }

    private static int recordsOf(Path function, CacheKey key) throws Exception {
        int n = 0;
        for (Path p : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
            n += Pack.open(p).find(key) >= 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void anOlderBatchRecordOfTheSameKeyDoesNotShadowTheRecordPublishedForTheAbsentKey() throws Exception {
        open("f");
        publish(open("f"), KEY, 49.0, true); // a concurrent prewarm's batch, after this lookup
        awaitStale(open("f").read(KEY).storedAt());

        Instant published = publish(open("f"), KEY, 49.0, true);

        assertThat(open("f").read(KEY).storedAt()).as("newest first within generation 0").isAfterOrEqualTo(published);
    }

    @Test
    void aFoldKeepsTheNewestOfTwoBatchRecordsOfOneKey() throws Exception {
        for (int trial = 0; trial < 12; trial++) {
            String function = "f" + trial;
            publish(open(function), KEY, 49.0, true);
            awaitStale(open(function).read(KEY).storedAt());
            DiskCache writer = open(function);
            Instant published = publish(writer, KEY, 49.0, true);
            for (int b = 0; b < BatchFold.MOST; b++) { // small batches of other keys: the same tier, then a fold
                publish(writer, CacheKey.of(Footprint.sha256(1000 + b)), b, true);
            }

            assertThat(recordsOf(root.resolve(function), KEY)).as("trial %d: folded into one record", trial).isEqualTo(1);
            assertThat(open(function).read(KEY).storedAt()).as("trial %d: the newest record kept", trial)
                    .isAfterOrEqualTo(published);
        }
    }

    @Test
    void packKeepsTheNewestOfTwoBatchRecordsOfOneKey() throws Exception {
        for (int trial = 0; trial < 12; trial++) {
            String function = "f" + trial;
            publish(open(function), KEY, 49.0, true);
            awaitStale(open(function).read(KEY).storedAt());
            Instant published = publish(open(function), KEY, 49.0, true);

            CacheInventory.pack(root, java.util.List.of(root.resolve(function)));

            assertThat(recordsOf(root.resolve(function), KEY)).as("trial %d: packed into one record", trial).isEqualTo(1);
            assertThat(open(function).read(KEY).storedAt()).as("trial %d: the newest record kept", trial)
                    .isAfterOrEqualTo(published);
        }
    }
}
