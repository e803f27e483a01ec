package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackGrace;
import io.mppfc.cache.pack.PackSet;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PackTest extends FunctionCacheFixture {

    private void writeSquares(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            cache.write(key(i), (double) i * i, Duration.ofMillis(i), false);
        }
    }

    private long files() throws IOException {
        try (Stream<Path> walk = Files.walk(function)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void packedEntriesAreReadByACacheOpenedBeforeAndOneOpenedAfterAndTheLooseFilesAreGone() throws Exception {
        writeSquares(300);
        long before = CacheInventory.summarize(function).diskBytes();

        List<CacheInventory.PackResult> results = CacheInventory.pack(root, null);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.records()).isEqualTo(300);
            assertThat(r.removedLoose()).isEqualTo(300);
            assertThat(r.packsWritten()).isEqualTo(1);
        });
        assertThat(CacheInventory.entries(function)).isEmpty();
        assertThat(files()).as("the layout record, the in-use lock, one pack and its table of last uses").isEqualTo(4);
        DiskCache fresh = open(function);
        for (int i = 0; i < 300; i++) {
            assertThat(cache.read(key(i)).value()).isEqualTo((double) i * i);
            assertThat(fresh.read(key(i)).value()).isEqualTo((double) i * i);
            assertThat(fresh.read(key(i)).computationTime()).isEqualTo(Duration.ofMillis(i));
        }
        assertThat(cache.read(key(300))).isNull();
        CacheInventory.FunctionSummary s = CacheInventory.summarize(function);
        assertThat(s.looseEntries()).isZero();
        assertThat(s.packedEntries()).isEqualTo(300);
        assertThat(s.diskBytes()).as("on disk, packed vs loose").isLessThan(before / 20);
        assertThat(CacheInventory.verify(function)).isEmpty();
    }

    @Test
    void aLooseEntryIsNewerThanAPackedOneAndRepackingKeepsTheNewerValue() throws Exception {
        writeSquares(10);
        CacheInventory.pack(root, null);
        cache.write(key(3), -1.0, Duration.ZERO, true);
        assertThat(cache.read(key(3)).value()).isEqualTo(-1.0);
        assertThat(CacheInventory.packedEntries(function)).hasSize(9);

        CacheInventory.pack(root, null);

        assertThat(cache.read(key(3)).value()).isEqualTo(-1.0);
        assertThat(CacheInventory.entries(function)).isEmpty();
        assertThat(CacheInventory.packedEntries(function)).hasSize(10);
        assertThat(PackSet.list(function.resolve(PackSet.DIRECTORY))).hasSize(1);
    }

    @Test
    void aDamagedRecordIsAMissAndVerifyRewritesThePackWithoutItKeepingItsBytes() throws Exception {
        writeSquares(20);
        CacheInventory.pack(root, null);
        Path pack = PackSet.list(function.resolve(PackSet.DIRECTORY)).get(0);
        long victim = Pack.open(pack).find(key(7));
        try (FileChannel c = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), victim + Pack.KEY + EntryFormat.HEADER + 1);
        }
        byte[] damaged = Files.readAllBytes(pack);
        DiskCache fresh = open(function);
        assertThat(fresh.read(key(7))).as("damaged: a miss, never a wrong value").isNull();
        assertThat(fresh.read(key(8)).value()).isEqualTo(64.0);

        List<CacheInventory.Finding> found = CacheInventory.verify(function);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.problem()).contains(key(7).hex()).contains("checksum");
            assertThat(f.quarantined()).isTrue();
        });
        assertThat(CacheInventory.packedEntries(function)).hasSize(19);
        assertThat(fresh.read(key(8)).value()).isEqualTo(64.0);
        assertThat(CacheInventory.verify(function)).isEmpty();
        try (Stream<Path> q = Files.list(function.resolve(DiskCache.QUARANTINE))) {
            // the damaged pack, whole: the bytes of the damaged record are in it
            assertThat(q.toList()).singleElement().satisfies(p -> assertThat(Files.readAllBytes(p)).isEqualTo(damaged));
        }
    }

    @Test
    void aPackWithADamagedIndexIsSkippedByReadersAndMovedAsideByVerify() throws Exception {
        writeSquares(5);
        CacheInventory.pack(root, null);
        Path pack = PackSet.list(function.resolve(PackSet.DIRECTORY)).get(0);
        try (FileChannel c = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[] {0x55}), c.size() - Pack.FOOTER - 3);
        }
        DiskCache fresh = open(function);
        assertThat(fresh.read(key(1))).isNull();
        assertThat(CacheInventory.verify(function)).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("index checksum"));
        assertThat(pack).doesNotExist();
        assertThat(CacheInventory.pack(root, null)).singleElement().satisfies(r -> assertThat(r.packsWritten()).isZero());
    }

    @Test
    void gcPacksBeforeItJudgesTheSpaceOnDiskSoNothingThatFitsPackedIsEvicted() throws Exception {
        writeSquares(50);
        long onDisk = CacheInventory.summarize(function).diskBytes();
        assertThat(onDisk).as("a block per small loose entry").isGreaterThan(50 * 4096L);

        CacheInventory.GcResult r = CacheInventory.collect(root, 30 * 4096L, null);

        assertThat(r.evicted()).as("50 small entries fit in 30 blocks once packed").isZero();
        assertThat(r.diskBytes()).isLessThanOrEqualTo(30 * 4096L);
        assertThat(r.packed()).isEqualTo(50);
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(50);
    }

    @Test
    void gcBoundsTheSpaceOnDiskByEvictingPackedEntries() throws Exception {
        writeSquares(50);
        CacheInventory.collect(root, -1, null); // packed
        long packedSize = CacheInventory.summarize(function).diskBytes();

        CacheInventory.GcResult r = CacheInventory.collect(root, packedSize - 2 * 4096L, null);

        assertThat(r.evicted()).isPositive();
        assertThat(r.diskBytes()).as("two blocks' worth of records gone: at least one block freed").isLessThan(packedSize);
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(50 - r.evicted());
    }

    /** What NFS clients need: a host that sees the directory as it was a minute ago still finds every entry. */
    @Test
    void withAGracePeriodWhatAPackReplacesStaysUntilALaterRunAfterIt() throws Exception {
        System.setProperty(PackGrace.PROPERTY, "PT1S");
        try {
            writeSquares(20);
            CacheInventory.pack(root, null);
            assertThat(CacheInventory.entries(function)).as("loose files kept for the grace period").hasSize(20);
            CacheInventory.pack(root, null);
            assertThat(PackSet.list(function.resolve(PackSet.DIRECTORY))).as("the replaced pack kept too").hasSize(2);
            cache.write(key(5), -5.0, Duration.ZERO, true);
            Thread.sleep(1100);

            CacheInventory.PackResult r = CacheInventory.pack(root, null).get(0);

            assertThat(r.removedLoose()).as("all but the rewritten one").isEqualTo(19);
            assertThat(CacheInventory.entries(function)).singleElement()
                    .satisfies(e -> assertThat(e.key()).isEqualTo(key(5)));
            for (int i = 0; i < 20; i++) {
                assertThat(cache.read(key(i)).value()).isEqualTo(i == 5 ? -5.0 : (double) i * i);
            }
            Thread.sleep(1100);
            CacheInventory.pack(root, null);
            assertThat(CacheInventory.entries(function)).isEmpty();
            assertThat(PackSet.list(function.resolve(PackSet.DIRECTORY))).hasSize(1);
            assertThat(cache.read(key(5)).value()).isEqualTo(-5.0);
        } finally {
            System.clearProperty(PackGrace.PROPERTY);
        }
    }

    @Test
    void bigEntriesStayLoose() throws Exception {
        cache.write(key(1), new double[20_000], Duration.ZERO, false);
        cache.write(key(2), 2.0, Duration.ZERO, false);
        CacheInventory.pack(root, null);
        assertThat(CacheInventory.entries(function)).singleElement().satisfies(e -> assertThat(e.key()).isEqualTo(key(1)));
        assertThat(cache.read(key(1)).value()).isEqualTo(new double[20_000]);
        assertThat(cache.read(key(2)).value()).isEqualTo(2.0);
    }
}
