package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.FunctionClearing;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's check before it believes a DONE ({@code DiskCache#isPresent}) asks the packs
 * of its last listing first: attacks with a listing older than a {@code pack} or {@code clear}
 * that removed the pack.
 */
class PresenceAfterRemovalTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final CacheKey SEEN = CacheKey.of(Footprint.sha256(1));
    private static final CacheKey DONE = CacheKey.of(Footprint.sha256(2));

    @TempDir
    Path root;

    private DiskCache open() throws IOException {
        return DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    /** A worker's batch of both keys, and a coordinator that has read one of them (its listing holds the pack). */
    private DiskCache coordinatorThatListedABatch() throws Exception {
        EntryBatch batch = open().batch();
        batch.add(SEEN, 1.0, Duration.ofMillis(1), new byte[0], true);
        batch.add(DONE, 4.0, Duration.ofMillis(1), new byte[0], true);
        batch.publish();
        DiskCache coordinator = open();
        assertThat(coordinator.read(SEEN).value()).isEqualTo(1.0);
        return coordinator;
    }

    @Test
    void aKeyWhosePackWasMergedByPackIsStillPresentAndReadable() throws Exception {
        DiskCache coordinator = coordinatorThatListedABatch();

        CacheInventory.pack(root, null);

        assertThat(coordinator.isPresent(DONE)).isTrue();
        assertThat(coordinator.read(DONE).value()).isEqualTo(4.0);
    }

    @Test
    void aKeyWhosePackWasRemovedByClearIsNotPresent() throws Exception {
        DiskCache coordinator = coordinatorThatListedABatch();

        FunctionClearing.clear(root.resolve("f"));

        assertThat(coordinator.isPresent(DONE)).as("the DONE check, made before any read").isFalse();
    }

    @Test
    void aKeyEvictedByGcIsNotPresent() throws Exception {
        DiskCache coordinator = coordinatorThatListedABatch();

        assertThat(CacheInventory.collect(root, 0, null).evicted()).as("gc evicts").isPositive();

        assertThat(open().read(DONE)).as("another process's read misses").isNull();
        assertThat(coordinator.isPresent(DONE)).as("the DONE check, made before any read").isFalse();
    }

    @Test
    void aPackSeenInPlaceAfterADoneWasReadAnswersForTheOtherDonesOfThatRead() throws Exception {
        DiskCache coordinator = coordinatorThatListedABatch();
        long readAt = System.nanoTime();
        assertThat(coordinator.isPresentSince(SEEN, readAt)).as("the first DONE of the read: its pack looked at").isTrue();

        FunctionClearing.clear(root.resolve("f"));

        assertThat(coordinator.isPresentSince(DONE, readAt))
                .as("the pack was in place after this DONE was read: the look made for the first serves").isTrue();
    }

    @Test
    void aDoneReadAfterARemovalIsNotAnsweredByALookMadeBeforeIt() throws Exception {
        DiskCache coordinator = coordinatorThatListedABatch();
        assertThat(coordinator.isPresentSince(SEEN, System.nanoTime())).isTrue();

        FunctionClearing.clear(root.resolve("f"));
        long readAt = System.nanoTime();

        assertThat(coordinator.isPresentSince(DONE, readAt)).isFalse();
        assertThat(coordinator.isPresentSince(SEEN, readAt)).isFalse();
    }
}
