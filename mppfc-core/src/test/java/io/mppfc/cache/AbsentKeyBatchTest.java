package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.BatchFold;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys a lookup found absent (nothing at all stored) are published in a batch without a search
 * for them: what another writer stored for them meanwhile is a second record of the same call,
 * and every reader gets one right value.
 */
class AbsentKeyBatchTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private Path function;

    @BeforeEach
    void function() {
        function = root.resolve("f");
    }

    private DiskCache open() throws IOException {
        return DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    private static void publishSquares(DiskCache writer, int from, int to, boolean absent) throws Exception {
        EntryBatch batch = writer.batch();
        for (int i = from; i < to; i++) {
            assertThat(batch.add(key(i), (double) i * i, Duration.ofMillis(1), new byte[0], absent)).isTrue();
        }
        batch.publish();
    }

    private List<Path> batchPacks() throws IOException {
        return PackSet.list(function.resolve(PackSet.DIRECTORY)).stream()
                .filter(p -> PackSet.generation(p) == BatchPacks.GENERATION).toList();
    }

    private long recordsOf(int i) throws Exception {
        long n = 0;
        for (Path p : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
            n += Pack.open(p).find(key(i)) >= 0 ? 1 : 0;
        }
        return n;
    }

    private void assertSquares(int from, int to) throws Exception {
        DiskCache reader = open();
        for (int i = from; i < to; i++) {
            CacheEntry e = reader.read(key(i));
            assertThat(e).as("entry %d", i).isNotNull();
            assertThat(e.value()).isEqualTo((double) i * i);
        }
    }

    @Test
    void aKeyAnotherWriterPackedAfterTheLookupIsASecondRecordOfTheSameValueThatFoldsAndPacksToOne() throws Exception {
        DiskCache late = open();
        DiskCache early = open();
        publishSquares(early, 0, 4, false); // another writer computed 2 and 3 after this one's lookup found nothing

        publishSquares(late, 2, 6, true);

        assertThat(recordsOf(2)).as("no search, so a second record").isEqualTo(2);
        assertThat(open().read(key(2)).value()).isEqualTo(4.0);
        assertThat(open().read(key(3)).value()).isEqualTo(9.0);
        assertThat(CacheInventory.verify(function)).isEmpty();
        for (int b = 0; b <= BatchFold.MOST; b++) {
            publishSquares(late, 100 + 2 * b, 102 + 2 * b, true);
        }
        assertThat(recordsOf(2)).as("folded into one").isEqualTo(1);
        assertThat(open().read(key(2)).value()).isEqualTo(4.0);
        CacheInventory.pack(root, null);
        assertThat(recordsOf(3)).isEqualTo(1);
        assertThat(open().read(key(3)).value()).isEqualTo(9.0);
        assertThat(CacheInventory.verify(function)).isEmpty();
    }

    @Test
    void aKeyNotTakenAsAbsentIsStillSearchedAndWrittenLooseOverWhatIsThere() throws Exception {
        DiskCache writer = open();
        publishSquares(writer, 0, 4, false);
        EntryBatch batch = writer.batch();
        batch.add(key(2), -2.0, Duration.ZERO, new byte[0], false); // a stale or damaged entry seen at lookup
        batch.add(key(9), -9.0, Duration.ZERO, new byte[0], true);

        batch.publish();

        assertThat(recordsOf(2)).as("the old record, left in its pack").isEqualTo(1);
        assertThat(Files.exists(writer.entryPath(key(2)))).as("written loose over it").isTrue();
        assertThat(open().read(key(2)).value()).isEqualTo(-2.0);
        assertThat(Files.exists(writer.entryPath(key(9)))).as("absent: packed").isFalse();
        assertThat(open().read(key(9)).value()).isEqualTo(-9.0);
    }

    @Test
    void aThousandBatchesOfAbsentKeysFromOneWriterLeaveAtMostTheBoundOfBatchPacks() throws Exception {
        DiskCache writer = open();
        for (int b = 0; b < 1000; b++) {
            publishSquares(writer, 2 * b, 2 * b + 2, true);
            assertThat(batchPacks()).as("after batch %d", b).hasSizeLessThanOrEqualTo(BatchFold.MOST);
        }

        assertSquares(0, 2000);
        assertThat(CacheInventory.verify(function)).isEmpty();
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(2000);
    }

    @Test
    void twoWritersOfAbsentKeysSeeEachOthersBatchPacksWithinTheirRecount() throws Exception {
        DiskCache one = open();
        DiskCache two = open();
        for (int b = 0; b < 400; b++) {
            publishSquares(b % 2 == 0 ? one : two, 2 * b, 2 * b + 2, true);
            assertThat(batchPacks()).as("after batch %d", b)
                    .hasSizeLessThanOrEqualTo(BatchFold.MOST + EntryBatch.BatchTarget.RELIST_AFTER);
        }

        assertSquares(0, 800);
        assertThat(CacheInventory.verify(function)).isEmpty();
    }
}
