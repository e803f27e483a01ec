package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.PackChurn.Role;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.BatchFold;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code status}, {@code ls}, {@code verify} and {@code clear} read of a function while a
 * worker in another process publishes batch packs and folds them: a pack listed and opened may be
 * folded away before its last-use time is read. On main, {@code mppfc ls} and {@code verify} run
 * during a prewarm failed with "no such file or directory: .../pack-000000000000-....mpk" (exit 2),
 * and {@code clear} refused to clear.
 */
@Timeout(180)
class InventoryDuringFoldsTest {

    /** Rounds of each inventory while the batcher folds: enough to meet a fold many times. */
    private static final int ROUNDS = 300;

    @Test
    void countSummaryAndListingOfAFunctionWhoseBatchPacksAreFoldedMeanwhileNeverFail(@TempDir Path dir)
            throws Exception {
        Churn churn = Churn.seeded(dir, 20);
        Process batcher = churn.startAlone(Role.BATCHER);
        Path function = churn.function();
        try {
            // at least ROUNDS rounds, and on until the batcher (a JVM starting meanwhile) has folded a few times
            for (int round = 0; round < ROUNDS || churn.publishedBatches() < 3 * BatchFold.MOST; round++) {
                assertThat(batcher.isAlive()).as("the batcher publishes").isTrue();
                CacheInventory.count(function);
                CacheInventory.summarize(function);
                for (CacheInventory.Entry entry : CacheInventory.packedEntries(function)) {
                    assertThat(entry.size()).isPositive();
                }
            }
        } finally {
            stop(dir, batcher);
        }
    }

    @Test
    void aListedPackedEntryShowsItsArgumentsAndComputeTimeAfterPackReplacedItsPack(@TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("cache");
        DiskCache cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, PackChurn.ALLOW),
                PackChurn.ALLOW, false);
        for (int b = 0; b < 2; b++) { // two batch packs: pack merges them into one
            EntryBatch batch = cache.batch();
            for (int i = 3 * b; i < 3 * b + 3; i++) {
                assertThat(batch.add(PackChurn.key(i), PackChurn.value(i), Duration.ofMillis(7),
                        Footprint.ofArguments(i))).isTrue();
            }
            batch.publish();
        }
        List<CacheInventory.Entry> listed = CacheInventory.packedEntries(root.resolve("f"));
        assertThat(listed).hasSize(6);

        CacheInventory.pack(root, null); // the batch packs, listed above, are merged into a new pack and removed
        assertThat(listed).as("the listed packs are gone").allSatisfy(e -> assertThat(e.path()).doesNotExist());

        for (CacheInventory.Entry entry : listed) {
            assertThat(CacheInventory.arguments(entry)).as("arguments of %s", entry.key()).matches("\\[[0-5]\\]");
            assertThat(CacheInventory.storedComputeTime(entry)).isEqualTo(Duration.ofMillis(7));
        }
    }

    /** Stops the batcher as its own loop expects (the stop file beside the cache) and checks it ended well. */
    private static void stop(Path dir, Process batcher) throws Exception {
        Files.createFile(dir.resolve("cache.stop"));
        assertThat(batcher.waitFor(60, TimeUnit.SECONDS)).as("the batcher stops").isTrue();
        assertThat(batcher.exitValue()).as("the batcher's exit").isZero();
    }
}
