package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.BatchFold;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache root reached through a link ({@code .cache -> /scratch/me/cache}, common on clusters) is the
 * cache it points to: its batch packs are folded and maintenance runs. The link was refused as "not an mppfc
 * cache", so a worker's folds failed silently and batch packs piled up without bound (5,208 after 60,000
 * results of a prewarm, every miss listing them all).
 */
class LinkedCacheRootTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path dir;

    private Path link;
    private Path function;
    private DiskCache cache;

    @BeforeEach
    void open() throws Exception {
        Path real = Files.createDirectories(dir.resolve("scratch/cache"));
        link = Files.createSymbolicLink(dir.resolve("cache-link"), real);
        function = link.resolve("f");
        cache = DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private void publishSquares(int from, int to) throws Exception {
        EntryBatch batch = cache.batch();
        for (int i = from; i < to; i++) {
            assertThat(batch.add(CacheKey.of(Footprint.sha256(i)), (double) i * i, Duration.ZERO, new byte[0])).isTrue();
        }
        batch.publish();
    }

    private long batchPacks() throws Exception {
        return PackSet.list(function.resolve(PackSet.DIRECTORY)).stream()
                .filter(p -> PackSet.generation(p) == BatchPacks.GENERATION).count();
    }

    @Test
    void aLinkToACacheRootIsACacheRoot() throws Exception {
        publishSquares(0, 2);
        assertThat(CacheMarker.isRoot(link)).isTrue();
    }

    @Test
    void batchPacksUnderALinkedRootAreFoldedAsTheyPileUp() throws Exception {
        for (int i = 0; i < 3 * BatchFold.MOST; i++) {
            publishSquares(2 * i, 2 * i + 2);
        }
        assertThat(batchPacks()).isLessThanOrEqualTo(BatchFold.MOST);
    }

    @Test
    void packAndGcRunOnALinkedRoot() throws Exception {
        for (int i = 0; i < 4; i++) {
            cache.write(CacheKey.of(Footprint.sha256(i)), (double) i * i, Duration.ZERO, false);
        }
        assertThat(CacheInventory.pack(link, null)).singleElement()
                .satisfies(r -> assertThat(r.packsWritten()).isEqualTo(1));
        assertThat(CacheInventory.collect(link, -1, Duration.ofDays(1)).evicted()).isZero();
        assertThat(CacheInventory.count(function)).isEqualTo(4);
    }

    @Test
    void aRootThatIsALinkToNothingIsRefusedSayingSo() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("scratch/gone"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiskCache.open(dangling.resolve("f"),
                Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .hasMessageContaining(dangling.toString()).hasMessageContaining("a link to " + dir.resolve("scratch/gone"))
                .hasMessageContaining("which does not exist").hasMessageNotContaining("already exists");
        assertThat(dir.resolve("scratch/gone")).as("nothing made through the link").doesNotExist();
    }

    @Test
    void aRootThatIsAFileIsRefusedSayingSo() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "mine");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiskCache.open(file.resolve("f"),
                Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .hasMessageContaining("a file, not a directory: " + file).hasMessageNotContaining("already exists");
        assertThat(file).hasContent("mine");
    }
}
