package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.PackChurn.Role;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batch packs published, folded, packed and collected by other processes while others read them. */
@Timeout(180)
class BatchChurnTest {

    @Test
    void readersInOtherProcessesNeverMissAPublishedBatchEntryWhileBatchesAreFoldedPackedAndCollected(@TempDir Path dir)
            throws Exception {
        int n = 200;
        Churn churn = Churn.seeded(dir, n);
        churn.start(Role.BATCHREADER, Role.READER, Role.BATCHER, Role.PACKER, Role.COLLECTOR);
        Map<Role, Long> done = churn.finish(150);
        long batches = done.get(Role.BATCHER);
        assertThat(batches).as("batches published").isGreaterThan(2L * PackChurn.PACKS);
        assertThat(done.get(Role.BATCHREADER)).as("lookups of published batch entries").isGreaterThan(100);
        churn.assertVerifies();
        churn.assertReadsBack(PackChurn.batched(n, 0), PackChurn.batched(n, batches));
    }

    @Test
    void aBatchWriterKilledAnywhereLeavesWholePacksAndTempFilesItsCoordinatorRemoves(@TempDir Path dir)
            throws Exception {
        int n = 10;
        Churn churn = Churn.seeded(dir, n);
        for (int kill = 0; kill < 3; kill++) {
            Process batcher = churn.startAlone(Role.BATCHER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long before = churn.publishedBatches();
            while (churn.publishedBatches() < before + 20 + 7 * kill) { // a different moment each time
                assertThat(System.nanoTime()).as("the batcher publishes").isLessThan(deadline);
                assertThat(batcher.isAlive()).as("the batcher runs").isTrue();
                Thread.onSpinWait();
            }
            batcher.destroyForcibly(); // SIGKILL
            assertThat(batcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long batches = churn.publishedBatches();
        List<CacheKey> keys = new ArrayList<>();
        for (int i = PackChurn.batched(n, 0); i < PackChurn.batched(n, batches); i++) {
            keys.add(PackChurn.key(i));
        }

        Path function = churn.function();
        for (Path pack : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
            assertThat(Pack.open(pack).count()).as("a whole pack").isPositive();
        }
        churn.assertVerifies();
        DiskCache.removeTemps(function, PackChurn.BATCHER_TAG, keys);
        try (Stream<Path> packs = Files.list(function.resolve(PackSet.DIRECTORY))) {
            assertThat(packs.map(p -> p.getFileName().toString())).as("no temp file left")
                    .noneMatch(name -> name.startsWith(DiskCache.TEMP_PREFIX));
        }
        churn.assertReadsBack(PackChurn.batched(n, 0), PackChurn.batched(n, batches));
    }
}
