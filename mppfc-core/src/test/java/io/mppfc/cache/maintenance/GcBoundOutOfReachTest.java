package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.pack.PackSet;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A size bound that evicting every entry cannot meet (a planted or damaged file, the quarantine) evicts
 * nothing for size: before, {@code gc --max-size} evicted every result and still reported the bound unmet.
 */
class GcBoundOutOfReachTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path root;

    static long square(long x) {
        return x * x;
    }

    private Path fill(int count) throws Exception {
        try (var f = Mppfc.cache(GcBoundOutOfReachTest::square).path(root).build()) {
            for (long i = 0; i < count; i++) {
                f.apply(i);
            }
        }
        CacheInventory.pack(root, null);
        try (Stream<Path> functions = Files.list(root)) {
            return functions.filter(p -> p.getFileName().toString().contains("square")).findFirst().orElseThrow();
        }
    }

    private static void sparse(Path file, long size) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private long packedEntries(Path function) throws Exception {
        return CacheInventory.summarize(function).packedEntries();
    }

    @Test
    void aPlantedHugePackEvictsNoEntryForSize() throws Exception {
        Path function = fill(50);
        sparse(function.resolve(PackSet.DIRECTORY).resolve("pack-000000000000-dddddddddddddddd.mpk"), 20L << 30);

        CacheInventory.GcResult r = CacheInventory.collect(root, MIB, null);

        assertThat(r.evicted()).as("evicting every result cannot bring 20 GiB under 1 MiB").isZero();
        assertThat(r.outOfReachBytes()).isGreaterThan(MIB);
        assertThat(packedEntries(function)).isEqualTo(50);
    }

    @Test
    void aQuarantineLargerThanTheBoundEvictsNoEntryForSize() throws Exception {
        Path function = fill(50);
        Path quarantine = Files.createDirectories(function.resolve(DiskCache.QUARANTINE));
        Files.write(quarantine.resolve("packs-pack-000000000001-0123456789abcdef.mpk.1.0"), new byte[(int) (2 * MIB)]);

        CacheInventory.GcResult r = CacheInventory.collect(root, MIB, null);

        assertThat(r.evicted()).isZero();
        assertThat(r.outOfReachBytes()).isGreaterThan(MIB);
        assertThat(packedEntries(function)).isEqualTo(50);
    }

    @Test
    void aBoundWithinReachBesideADamagedFileStillEvicts() throws Exception {
        Path function = fill(2000);
        Files.write(function.resolve(PackSet.DIRECTORY).resolve("pack-000000000000-bbbbbbbbbbbbbbbb.mpk"), new byte[5000]);
        long before = CacheInventory.summarize(function).diskBytes();

        CacheInventory.GcResult r = CacheInventory.collect(root, before - 64 * 1024, null);

        assertThat(r.outOfReachBytes()).isZero();
        assertThat(r.evicted()).isBetween(1L, 1999L);
        assertThat(r.diskBytes()).isLessThanOrEqualTo(before - 64 * 1024);
    }

    @Test
    void anAgeBoundStillEvictsWhenTheSizeBoundIsOutOfReach() throws Exception {
        Path function = fill(20);
        sparse(function.resolve(PackSet.DIRECTORY).resolve("pack-000000000000-dddddddddddddddd.mpk"), 20L << 30);

        CacheInventory.GcResult r = CacheInventory.collect(root, MIB, java.time.Duration.ZERO);

        assertThat(r.evicted()).as("every entry is older than now").isEqualTo(20);
        assertThat(packedEntries(function)).isZero();
    }

    @Test
    void aBoundOfZeroEvictsEveryEntryAndSaysTheCacheKeepsItsBookkeeping() throws Exception {
        Path function = fill(50);

        CacheInventory.GcResult r = CacheInventory.collect(root, 0, null);

        assertThat(r.outOfReachBytes()).as("the cache's own directories and records are no reason to keep results")
                .isZero();
        assertThat(r.evicted()).isEqualTo(50);
        assertThat(packedEntries(function)).isZero();
        assertThat(r.belowBookkeepingBytes()).isEqualTo(r.diskBytes()).isPositive();
    }

    @Test
    void aBoundOfZeroBesideAPlantedFileEvictsNoEntry() throws Exception {
        Path function = fill(50);
        Files.write(function.resolve(PackSet.DIRECTORY).resolve("pack-000000000000-bbbbbbbbbbbbbbbb.mpk"), new byte[5000]);

        CacheInventory.GcResult r = CacheInventory.collect(root, 0, null);

        assertThat(r.evicted()).isZero();
        assertThat(r.outOfReachBytes()).as("the planted file, not the cache's own records").isBetween(5000L, 8192L);
        assertThat(packedEntries(function)).isEqualTo(50);
    }

    @Test
    void aBigFilePlantedUnderARecordsNameIsNotTheCachesBookkeeping() throws Exception {
        Path function = fill(50);
        sparse(function.resolve(io.mppfc.cache.CodeVersions.LAST_USED), 20L << 30);

        CacheInventory.GcResult r = CacheInventory.collect(root, MIB, null);

        assertThat(r.evicted()).isZero();
        assertThat(r.outOfReachBytes()).isGreaterThan(MIB);
    }
}
