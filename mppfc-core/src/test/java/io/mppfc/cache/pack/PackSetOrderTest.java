package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packs as a listing gives them: the highest generation first, and within one the newest. */
class PackSetOrderTest {

    @TempDir
    Path function;

    private Path write(long generation, int key) throws Exception {
        long before = System.currentTimeMillis();
        long deadline = before + 5_000;
        while (System.currentTimeMillis() == before && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait(); // a later millisecond: the packs' creation times differ
        }
        try (PackWriter writer = new PackWriter(function.resolve(PackSet.DIRECTORY), generation, false, "t-")) {
            writer.add(CacheKey.of(Footprint.sha256(key)), new byte[] {1, 2, 3});
            return writer.finish();
        }
    }

    @Test
    void packsOfOneGenerationComeNewestFirstAfterHigherGenerations() throws Exception {
        Files.createDirectories(function.resolve(PackSet.DIRECTORY));
        Path oldBatch = write(0, 1);
        Path settled = write(3, 2);
        Path newBatch = write(0, 3);
        Path newerBatch = write(0, 4);

        List<Path> order = new PackSet(function).packs().stream().map(Pack::path).toList();

        assertThat(order).containsExactly(settled, newerBatch, newBatch, oldBatch);
    }
}
