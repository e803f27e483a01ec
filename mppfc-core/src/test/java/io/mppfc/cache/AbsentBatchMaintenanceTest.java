package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer of keys flagged absent, in its own JVM, publishing batches while {@code pack},
 * {@code gc} (evicting nothing), {@code verify} and {@code ls} run again and again in this one:
 * each command sees every batch counted before it began, and nothing counted is lost.
 */
@Timeout(300)
class AbsentBatchMaintenanceTest {

    @Test
    void packGcVerifyAndLsDuringBatchesOfAbsentKeysSeeEveryCountedBatchAndLoseNone(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("cache");
        Path function = root.resolve("f");
        Process writer = AbsentBatcher.start(root, dir.resolve("writer.err"));
        try {
            AbsentBatcher.awaitPublished(writer, root, 3, 60, "before the commands");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            int rounds = 0;
            while (System.nanoTime() < until) {
                long before = AbsentBatcher.published(root);
                switch (rounds % 4) {
                    case 0 -> CacheInventory.pack(root, null);
                    case 1 -> CacheInventory.collect(root, -1, Duration.ofDays(1));
                    case 2 -> assertThat(CacheInventory.verify(function)).as("round %d: verify", rounds).isEmpty();
                    default -> {
                    }
                }
                assertThat(CacheInventory.count(function)).as("round %d: ls counts every counted batch", rounds)
                        .isGreaterThanOrEqualTo(before * AbsentBatcher.BATCH);
                rounds++;
            }
            assertThat(writer.isAlive()).as("the writer ran throughout (see %s)", dir).isTrue();
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long batches = AbsentBatcher.published(root);
        AbsentBatcher.readEveryCountedEntry(function, batches);
        assertThat(CacheInventory.verify(function)).isEmpty();
        assertThat(batches).as("batches published").isGreaterThan(20);
    }

    @Test
    void gcEvictingDuringBatchesOfAbsentKeysLeavesEveryReadWholeAndRightAndTheCacheVerified(@TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("cache");
        Path function = root.resolve("f");
        Process writer = AbsentBatcher.start(root, dir.resolve("writer.err"));
        long evicted = 0;
        long hits = 0;
        try {
            AbsentBatcher.awaitPublished(writer, root, 3, 60, "before the commands");
            DiskCache reader = FunctionCacheFixture.open(function);
            java.util.Random random = new java.util.Random(5);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < until) {
                evicted += CacheInventory.collect(root, 256 * 1024, null).evicted();
                long counted = AbsentBatcher.published(root) * AbsentBatcher.BATCH;
                for (int r = 0; r < 200; r++) {
                    long i = (long) (random.nextDouble() * counted);
                    CacheEntry e = reader.read(AbsentBatcher.key(i));
                    if (e != null) { // evicted or not, never another key's value or a damaged one
                        hits++;
                        assertThat((long[]) e.value()).as("entry %d", i).isEqualTo(AbsentBatcher.value(i));
                    }
                }
            }
            assertThat(writer.isAlive()).as("the writer ran throughout (see %s)", dir).isTrue();
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(evicted).as("gc evicted").isPositive();
        assertThat(hits).as("reads found entries").isPositive();
        assertThat(CacheInventory.verify(function)).isEmpty();
    }
}
