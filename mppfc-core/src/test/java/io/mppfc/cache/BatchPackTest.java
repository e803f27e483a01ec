package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.BatchFold;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackGrace;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.files.GroupMode;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small new entries published a batch at a time, as one pack of generation 0. */
class BatchPackTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private Path function;
    private DiskCache cache;

    @BeforeEach
    void open() throws IOException {
        function = root.resolve("f");
        cache = open(function);
    }

    private static DiskCache open(Path function) throws IOException {
        return DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    /** Publishes the squares of from..to-1 as one batch. */
    private void publishSquares(int from, int to) throws Exception {
        EntryBatch batch = cache.batch();
        for (int i = from; i < to; i++) {
            assertThat(batch.add(key(i), (double) i * i, Duration.ofMillis(i), new byte[0])).isTrue();
        }
        batch.publish();
    }

    private List<Path> packs() throws IOException {
        return PackSet.list(function.resolve(PackSet.DIRECTORY));
    }

    private long batchPacks() throws IOException {
        return packs().stream().filter(p -> PackSet.generation(p) == BatchPacks.GENERATION).count();
    }

    private void assertSquares(DiskCache reader, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            CacheEntry e = reader.read(key(i));
            assertThat(e).as("entry %d", i).isNotNull();
            assertThat(e.value()).isEqualTo((double) i * i);
        }
    }

    @Test
    void aBatchIsInPlaceOnlyOncePublishedAndThenWholeInOnePackOfGenerationZero() throws Exception {
        EntryBatch batch = cache.batch();
        for (int i = 0; i < 8; i++) {
            batch.add(key(i), (double) i * i, Duration.ofMillis(i), new byte[0]);
        }
        DiskCache other = open(function);
        for (int i = 0; i < 8; i++) {
            assertThat(other.contains(key(i))).as("before publication").isFalse();
        }

        batch.publish();

        assertThat(packs()).singleElement().satisfies(p -> assertThat(PackSet.generation(p)).isZero());
        assertThat(CacheInventory.entries(function)).as("no loose file").isEmpty();
        assertSquares(other, 0, 8);
        assertThat(other.read(key(3)).computationTime()).isEqualTo(Duration.ofMillis(3));
        assertThat(batch.size()).isZero();
    }

    @Test
    void aKeyAlreadyInTheCacheIsWrittenLooseOverItForABatchRecordCouldNotShadowIt() throws Exception {
        cache.write(key(1), 1.0, Duration.ZERO, false);
        publishSquares(2, 3);
        EntryBatch batch = cache.batch();
        batch.add(key(1), -1.0, Duration.ZERO, new byte[0]);
        batch.add(key(2), -2.0, Duration.ZERO, new byte[0]);
        batch.add(key(3), -3.0, Duration.ZERO, new byte[0]);

        batch.publish();

        assertThat(CacheInventory.entries(function)).extracting(CacheInventory.Entry::key)
                .containsExactlyInAnyOrder(key(1), key(2));
        DiskCache other = open(function);
        assertThat(other.read(key(1)).value()).isEqualTo(-1.0);
        assertThat(other.read(key(2)).value()).isEqualTo(-2.0);
        assertThat(other.read(key(3)).value()).isEqualTo(-3.0);
        assertThat(batchPacks()).isEqualTo(2);
    }

    @Test
    void anOverwriteOfABatchedKeyIsSeenAndOutlivesPacking() throws Exception {
        publishSquares(0, 8);

        cache.write(key(5), -5.0, Duration.ZERO, true); // a stale entry recomputed, or overwrite
        assertThat(open(function).read(key(5)).value()).isEqualTo(-5.0);
        CacheInventory.pack(root, null);

        assertThat(open(function).read(key(5)).value()).isEqualTo(-5.0);
        assertSquares(open(function), 0, 5);
    }

    @Test
    void aLargeEntryIsWrittenLooseAtOnce() throws Exception {
        EntryBatch batch = cache.batch();

        assertThat(batch.add(key(1), new byte[EntryBatch.LARGEST + 1], Duration.ZERO, new byte[0])).isTrue();

        assertThat(batch.size()).isZero();
        assertThat(CacheInventory.entries(function)).singleElement()
                .satisfies(e -> assertThat(e.key()).isEqualTo(key(1)));
        assertThat((byte[]) cache.read(key(1)).value()).hasSize(EntryBatch.LARGEST + 1);
    }

    @Test
    void packMergesBatchPacksAndRemovesThem() throws Exception {
        publishSquares(0, 8);
        publishSquares(8, 16);
        cache.write(key(16), 256.0, Duration.ZERO, false);

        CacheInventory.PackResult r = CacheInventory.pack(root, null).get(0);

        assertThat(r.records()).isEqualTo(17);
        assertThat(r.packsReplaced()).isEqualTo(2);
        assertThat(packs()).singleElement().satisfies(p -> assertThat(PackSet.generation(p)).isPositive());
        assertSquares(open(function), 0, 17);
    }

    @Test
    void aBatchPackIsNeverTakenForMergedByAnOlderSettledPack() throws Exception {
        publishSquares(0, 4); // a host with the cache on a local disk; packed from one with a grace period
        cache.write(key(100), 1e4, Duration.ZERO, false);
        System.setProperty(PackGrace.PROPERTY, "PT1S");
        try {
            CacheInventory.pack(root, null); // generation 1 holds 0..3; the batch pack stays for the grace period
            Thread.sleep(1100); // the grace period passes: generation 1 is settled
            publishSquares(4, 8); // written after the settled pack, which does not hold it

            CacheInventory.pack(root, null);

            assertSquares(open(function), 0, 8);
            for (Path p : packs()) {
                assertThat(PackSet.generation(p) == 0 && holds(p, 0)).as("the first batch pack, which the settled "
                        + "pack holds, is gone: " + p).isFalse();
            }
            Thread.sleep(1100);
            CacheInventory.pack(root, null);
            assertThat(batchPacks()).as("merged into a settled pack: removed").isZero();
            assertSquares(open(function), 0, 8);
        } finally {
            System.clearProperty(PackGrace.PROPERTY);
        }
    }

    @Test
    void aCacheOnANetworkFileSystemTakesNoBatch() throws Exception {
        System.setProperty(PackGrace.PROPERTY, "PT2M"); // what a network file system gets
        try {
            assertThat(cache.batch().add(key(1), 1.0, Duration.ZERO, new byte[0])).isFalse();
        } finally {
            System.clearProperty(PackGrace.PROPERTY);
        }
    }

    private static boolean holds(Path pack, int i) throws IOException {
        try {
            return Pack.open(pack).find(key(i)) >= 0;
        } catch (CorruptEntryException e) {
            return false;
        }
    }

    @Test
    void aThousandBatchesLeaveABoundedNumberOfPacksAndEveryEntryReadable() throws Exception {
        for (int b = 0; b < 1000; b++) {
            publishSquares(2 * b, 2 * b + 2);
            assertThat(batchPacks()).as("after batch %d", b).isLessThanOrEqualTo(BatchFold.MOST);
        }

        assertSquares(open(function), 0, 2000);
        assertThat(CacheInventory.verify(function)).isEmpty();
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(2000);
    }

    @Test
    void verifyListingAndStatusSeeBatchEntries() throws Exception {
        publishSquares(0, 8);

        assertThat(CacheInventory.verify(function)).isEmpty();
        assertThat(CacheInventory.packedEntries(function)).extracting(CacheInventory.Entry::key)
                .containsExactlyInAnyOrderElementsOf(Stream.iterate(0, i -> i + 1).limit(8).map(BatchPackTest::key)
                        .toList());
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(8);
    }

    @Test
    void gcEvictsBatchRecordsByTheirLastUse() throws Exception {
        publishSquares(0, 8);
        Path pack = packs().get(0);
        Files.setLastModifiedTime(pack, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofDays(3))));

        CacheInventory.GcResult r = CacheInventory.collect(root, -1, Duration.ofDays(1));

        assertThat(r.evicted()).isEqualTo(8);
        assertThat(CacheInventory.summarize(function).packedEntries()).isZero();
        assertThat(open(function).read(key(0))).isNull();
    }

    @Test
    void aBatchEntryIsUploadedToASharedStoreFromItsPack() throws Exception {
        publishSquares(0, 8); // a worker's batch: its coordinator uploads what the worker reports done

        byte[] uploaded = SharedEntries.forUpload(cache.entryPath(key(3)), cache.packs(), key(3),
                EntryFormat.functionId(function), footprint -> null, true, 1 << 20);

        PackSet.Found found = cache.packs().find(key(3));
        assertThat(uploaded).isEqualTo(found.pack().entryBytes(found.offset()));
    }

    @Test
    void clearRemovesBatchEntries() throws Exception {
        publishSquares(0, 8);

        io.mppfc.cache.maintenance.FunctionClearing.clear(function);

        assertThat(open(function).read(key(0))).isNull();
    }

    @Test
    void aBatchPackOfATeamsCacheIsTheGroups() throws Exception {
        String group = Files.readAttributes(root, PosixFileAttributes.class).group().getName();
        Path team = root.resolve("team");
        GroupMode.prepareRoot(team, group);
        function = team.resolve("f");
        cache = open(function);

        publishSquares(0, 4);

        PosixFileAttributes a = Files.readAttributes(packs().get(0), PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertThat(PosixFilePermissions.toString(a.permissions())).isEqualTo("rw-rw----");
        assertThat(a.group().getName()).isEqualTo(group);
    }

    @Test
    void aPacksDirectoryReplacedByALinkIsNeverWrittenThrough() throws Exception {
        publishSquares(0, 2);
        Path outside = Files.createDirectory(root.resolve("outside"));
        Path packsDirectory = function.resolve(PackSet.DIRECTORY);
        for (Path p : packs()) {
            Files.delete(p);
        }
        Files.delete(packsDirectory);
        Files.createSymbolicLink(packsDirectory, outside);

        publishSquares(2, 4);

        try (Stream<Path> there = Files.list(outside)) {
            assertThat(there).as("written outside the cache").isEmpty();
        }
        assertThat(Files.isDirectory(packsDirectory, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertSquares(open(function), 2, 4);
    }

    @Test
    void packLeavesABatchBeingWrittenAndRemovesADeadWritersTempButNoDirectory() throws Exception {
        publishSquares(0, 2);
        Path packsDirectory = function.resolve(PackSet.DIRECTORY);
        Path young = Files.write(packsDirectory.resolve(".tmp-batch-00000000000000aa"), new byte[] {1});
        Path old = Files.write(packsDirectory.resolve(".tmp-ab12-batch-00000000000000bb"), new byte[] {2});
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2))));
        Path directory = Files.createDirectory(packsDirectory.resolve(".tmp-batch-00000000000000cc"));
        Files.setLastModifiedTime(directory, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2))));

        CacheInventory.pack(root, null);

        assertThat(young).as("a batch a writer may be writing").exists();
        assertThat(old).as("a dead writer's").doesNotExist();
        assertThat(directory).as("no packer made it").isDirectory();
        assertSquares(open(function), 0, 2);
    }

    @Test
    void aFifoNamedLikeABatchPackIsSkippedByReadersAndFolds() throws Exception {
        publishSquares(0, 2);
        Path fifo = function.resolve(PackSet.DIRECTORY).resolve("pack-000000000000-00000000000000ff.mpk");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        for (int b = 1; b < 40; b++) {
            publishSquares(2 * b, 2 * b + 2);
        }

        assertSquares(open(function), 0, 80);
        assertThat(batchPacks()).as("folded, the FIFO left as it is").isLessThanOrEqualTo(BatchFold.MOST + 1);
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).as("the FIFO is where it was").isTrue();
    }
}
