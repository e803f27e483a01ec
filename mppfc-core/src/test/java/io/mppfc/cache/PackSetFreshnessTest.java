package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.files.FileGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What a lookup may and may not answer from a listing of {@code packs/} that is not current
 * (docs/DESIGN.md, "Misses from a recent listing"): a miss from one younger than
 * {@link PackSet#MISS_WINDOW} and older than every pack this JVM published, never a hit; and
 * what must see every pack at once (a DONE check, a batch writer's presence check). Another
 * process's pack seen within the window: {@code BatchChurnTest}. Each case runs for 20 rounds: a round's second look comes
 * within microseconds of the change, well inside the window, on all but a stalled machine.
 */
class PackSetFreshnessTest extends FunctionCacheFixture {

    private static final int ROUNDS = 20;

    /** The entry bytes of a value as a loose file holds them (written loose through the cache, then taken away). */
    private byte[] entryOf(CacheKey key, double value) throws Exception {
        DiskCache writer = open(function);
        writer.write(key, value, Duration.ZERO, true);
        Path loose = writer.entryPath(key);
        byte[] bytes = Files.readAllBytes(loose);
        Files.delete(loose);
        return bytes;
    }

    private Path publishPack(long generation, CacheKey key, byte[] entry) throws Exception {
        try (PackWriter w = new PackWriter(function.resolve(PackSet.DIRECTORY), generation)) {
            w.add(key, entry);
            return w.finish();
        }
    }

    private static void publishBatch(DiskCache writer, int i, double value) throws Exception {
        EntryBatch batch = writer.batch();
        assertThat(batch.add(key(i), value, Duration.ZERO, new byte[0])).isTrue();
        assertThat(batch.add(key(1_000_000 + i), value, Duration.ZERO, new byte[0])).isTrue();
        batch.publish();
    }

    @Test
    void aPackedHitIsNeverAnsweredFromARecentListingThatANewerPackReplaced() throws Exception {
        CacheKey key = key(0);
        Files.createDirectories(function.resolve(PackSet.DIRECTORY));
        for (int round = 0; round < ROUNDS; round++) {
            byte[] older = entryOf(key, round);
            byte[] newer = entryOf(key, round + 0.5);
            Path replaced = publishPack(2L * round + 1, key, older);
            assertThat(cache.read(key).value()).isEqualTo((double) round);

            publishPack(2L * round + 2, key, newer);
            FileGate.deleteFile(replaced); // as pack removes what its new pack merged

            assertThat(cache.read(key).value()).as("round %d", round).isEqualTo(round + 0.5);
        }
    }

    @Test
    void aBatchPublishedThroughAnotherCacheInThisProcessIsReadAtOnce() throws Exception {
        DiskCache writer = open(function);
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(cache.read(key(i))).isNull(); // the reader's listing, made before the batch

            publishBatch(writer, i, i);

            assertThat(cache.read(key(i))).as("entry %d", i).isNotNull();
            assertThat(cache.read(key(i)).value()).isEqualTo((double) i);
        }
    }

    @Test
    void aLooseEntryPackedAfterAReadersListingIsFoundByThatReaderAtOnce() throws Exception {
        DiskCache writer = open(function);
        for (int i = 0; i < ROUNDS; i++) {
            writer.write(key(i), (double) i, Duration.ZERO, false);
            assertThat(cache.read(key(1_000 + i))).isNull(); // the reader's listing, made before the pack

            CacheInventory.pack(root, null);

            assertThat(Files.exists(cache.entryPath(key(i)))).as("packed, not loose").isFalse();
            assertThat(cache.read(key(i))).as("entry %d", i).isNotNull();
        }
    }

    @Test
    void aBatchPublishedAfterAReadersListingIsPresentAtOnceForADoneCheck() throws Exception {
        DiskCache worker = open(function);
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(cache.read(key(i))).isNull();

            publishBatch(worker, i, i);

            assertThat(cache.isPresent(key(i))).as("entry %d", i).isTrue();
        }
    }

    @Test
    void aBatchWriterWritesLooseAKeyThatAnotherWriterPublishedAfterItsLastListing() throws Exception {
        DiskCache other = open(function);
        for (int i = 0; i < ROUNDS; i++) {
            assertThat(cache.read(key(i))).isNull();
            publishBatch(other, i, 1.0);

            EntryBatch batch = cache.batch();
            batch.add(key(i), 2.0, Duration.ZERO, new byte[0]);
            batch.add(key(2_000_000 + i), 2.0, Duration.ZERO, new byte[0]);
            batch.publish();

            assertThat(Files.exists(cache.entryPath(key(i)))).as("written loose over the other's record").isTrue();
            assertThat(cache.read(key(i)).value()).isEqualTo(2.0);
        }
    }
}
