package io.mppfc.cache;

import io.mppfc.cache.maintenance.CacheInventory;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Packing keeps every entry's time of last use, so gc --older-than still evicts what nobody uses. */
class PackedLastUseTest extends FunctionCacheFixture {

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    private static final Duration MONTH = Duration.ofDays(30);

    private DiskCache reopen() throws IOException {
        return open(function);
    }

    /** Entries 0-4 last used long ago, 5-9 just now. */
    private void fiveOldFiveRecent() throws Exception {
        for (int i = 0; i < 10; i++) {
            cache.write(key(i), (double) i, Duration.ZERO, false);
            if (i < 5) {
                Files.setLastModifiedTime(cache.entryPath(key(i)), FileTime.from(LONG_AGO.plusSeconds(i)));
            }
        }
    }

    private int present(int from, int to) throws Exception {
        DiskCache fresh = reopen();
        int n = 0;
        for (int i = from; i < to; i++) {
            n += fresh.contains(key(i)) ? 1 : 0;
        }
        return n;
    }

    @Test
    void gcOlderThanEvictsPackedEntriesUnusedForThatLongAndKeepsTheRecentOnes() throws Exception {
        fiveOldFiveRecent();
        CacheInventory.pack(root, null);

        CacheInventory.GcResult gc = CacheInventory.collect(root, -1, MONTH);

        assertThat(gc.evicted()).isEqualTo(5);
        assertThat(present(0, 5)).isZero();
        assertThat(present(5, 10)).isEqualTo(5);
    }

    @Test
    void aPackedEntryPackedAgainKeepsItsLastUse() throws Exception {
        fiveOldFiveRecent();
        CacheInventory.pack(root, null);
        cache.write(key(10), 10.0, Duration.ZERO, false);
        CacheInventory.pack(root, null); // the first pack and the new loose entry, into one pack

        CacheInventory.GcResult gc = CacheInventory.collect(root, -1, MONTH);

        assertThat(gc.evicted()).isEqualTo(5);
        assertThat(present(0, 5)).isZero();
        assertThat(present(5, 11)).isEqualTo(6);
    }

    @Test
    void aHitOnAPackedEntryMarksThatEntryUsedAndNoOther() throws Exception {
        fiveOldFiveRecent();
        CacheInventory.pack(root, null);

        assertThat(reopen().read(key(2)).value()).isEqualTo(2.0);
        CacheInventory.GcResult gc = CacheInventory.collect(root, -1, MONTH);

        assertThat(gc.evicted()).isEqualTo(4);
        assertThat(present(2, 3)).isEqualTo(1);
        assertThat(present(0, 2) + present(3, 5)).isZero();
    }

    @Test
    void aPackedEntryShowsItsOwnLastUse() throws Exception {
        fiveOldFiveRecent();
        CacheInventory.pack(root, null);

        assertThat(CacheInventory.packedEntries(function)).filteredOn(e -> e.key().equals(key(3)))
                .singleElement().satisfies(e -> assertThat(e.modified()).isEqualTo(LONG_AGO.plusSeconds(3)));
    }

    @Test
    void gcMaxSizeEvictsTheLeastRecentlyUsedPackedEntriesFirst() throws Exception {
        fiveOldFiveRecent();
        CacheInventory.pack(root, null);
        long size = CacheInventory.summarize(function).diskBytes();

        CacheInventory.collect(root, size - 1, null);

        assertThat(present(0, 1)).as("the least recently used").isZero();
        assertThat(present(5, 10)).isEqualTo(5);
    }
}
