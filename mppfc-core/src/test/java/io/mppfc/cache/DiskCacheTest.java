package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {

    record Result(double energy, List<Double> levels) {
    }

    /** Never on any allow-list of these tests. */
    static final class Planted {
        final String payload = "gadget";
    }

    @TempDir
    Path root;

    private DiskCache cache;
    private final CacheKey key = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES
            .plus(new ClassAllowList(java.util.Set.of(Result.class.getName()), java.util.Set.of()));

    @BeforeEach
    void open() throws IOException {
        cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !Files.isDirectory(p) && !p.equals(cache.directory().resolve(CacheLayout.FILE))
                    && !p.equals(cache.directory().resolve(VersionInUse.FILE))).toList();
        }
    }

    private List<Path> quarantined() throws IOException {
        Path q = cache.directory().resolve(DiskCache.QUARANTINE);
        if (!Files.isDirectory(q)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(q)) {
            return list.toList();
        }
    }

    /** A worker killed between creating a temp file and its rename leaves the file; its coordinator removes it. */
    @Test
    void theTempFilesADeadWorkerLeftAreRemovedAndNoOneElses() throws Exception {
        DiskCache worker = cache.taggingTemps("0a1b2c");
        assertThat(worker.write(key, 1.5, Duration.ZERO, true)).isTrue();
        Path keyDirectory = cache.entryPath(key).getParent();
        Path left = Files.createFile(keyDirectory.resolve(DiskCache.TEMP_PREFIX + "0a1b2c-00ff"));
        Path probe = Files.createFile(cache.directory().resolve(DiskCache.TEMP_PREFIX + "0a1b2c-probe-01"));
        Path anothers = Files.createFile(keyDirectory.resolve(DiskCache.TEMP_PREFIX + "ffffff-00ff"));

        assertThat(DiskCache.removeTemps(cache.directory(), "0a1b2c", List.of(key))).isEqualTo(2);
        assertThat(left).doesNotExist();
        assertThat(probe).doesNotExist();
        assertThat(anothers).as("another worker's, maybe being written").exists();
        assertThat(cache.read(key).value()).isEqualTo(1.5);
        assertThatThrownBy(() -> cache.taggingTemps("../x")).hasMessageContaining("hex digits");
    }

    @Test
    void writtenValueIsReadBackWithItsComputationTime() throws Exception {
        Result value = new Result(-1.5, List.of(0.5, 1.5));
        assertThat(cache.write(key, value, Duration.ofMillis(1234), true)).isTrue();
        CacheEntry entry = cache.read(key);
        assertThat(entry.value()).isEqualTo(value);
        assertThat(entry.computationTime()).isEqualTo(Duration.ofMillis(1234));
        assertThat(cache.contains(key)).isTrue();
        assertThat(cache.entryPath(key)).isEqualTo(cache.directory().resolve("c88/"
                + "c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3"));
    }

    @Test
    void aHitMarksAnOldEntryAsRecentlyUsed() throws Exception {
        cache.write(key, "v", Duration.ZERO, true);
        java.nio.file.attribute.FileTime longAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(cache.entryPath(key), longAgo);
        assertThat(cache.read(key).value()).isEqualTo("v");
        assertThat(Files.getLastModifiedTime(cache.entryPath(key)).toInstant())
                .isAfter(java.time.Instant.now().minusSeconds(60));
    }

    @Test
    void aCacheOfTheOldLayoutIsRefusedWithWhatToDoUntilUpgradedInPlace() throws Exception {
        Path old = root.resolve("old");
        Path entry = Files.createDirectories(old.resolve("3221/112b")).resolve("db040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
        Files.write(entry, OldEntries.v3(Codecs.id(Codec.FORY), 0, Codecs.create(Codec.FORY, ALLOW).encode(1.5)));

        assertThatThrownBy(() -> DiskCache.open(old, Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .isInstanceOf(IncompatibleCacheException.class)
                .hasMessageContaining("layout of mppfc 0.1").hasMessageContaining("mppfc upgrade --cache " + root);
        assertThatThrownBy(() -> DiskCache.openReadOnly(old, Codecs.create(Codec.FORY, ALLOW), ALLOW))
                .isInstanceOf(IncompatibleCacheException.class);
        assertThatThrownBy(() -> CacheInventory.entries(old)).isInstanceOf(IncompatibleCacheException.class);
        assertThat(entry).exists();
        assertThat(old.resolve(CacheLayout.FILE)).doesNotExist();

        assertThat(CacheInventory.upgrade(root)).containsExactly(java.util.Map.entry("old", 1L));

        DiskCache upgraded = DiskCache.open(old, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        assertThat(upgraded.read(key).value()).isEqualTo(1.5);
        assertThat(old.resolve("3221")).doesNotExist();
        assertThat(CacheInventory.upgrade(root)).as("nothing left to do").isEmpty();
    }

    @Test
    void aCacheOfANewerOrUnknownLayoutIsRefused() throws Exception {
        Files.writeString(cache.directory().resolve(CacheLayout.FILE), "mppfc cache layout 3\n");
        assertThatThrownBy(() -> DiskCache.open(cache.directory(), Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .isInstanceOf(IncompatibleCacheException.class).hasMessageContaining("newer mppfc");
        Files.writeString(cache.directory().resolve(CacheLayout.FILE), "something else");
        assertThatThrownBy(() -> DiskCache.open(cache.directory(), Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .isInstanceOf(IncompatibleCacheException.class).hasMessageContaining("something else");
    }

    @Test
    void missingEntryIsAMiss() throws Exception {
        assertThat(cache.read(key)).isNull();
        assertThat(cache.contains(key)).isFalse();
    }

    @Test
    void directoriesAreOwnerOnlyAndFilesToo() throws Exception {
        cache.write(key, 1, Duration.ZERO, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.directory()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.entryPath(key).getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.entryPath(key)))).isEqualTo("rw-------");
    }

    @Test
    void writesLeaveNoTempFiles() throws Exception {
        for (int i = 0; i < 50; i++) {
            cache.write(CacheKey.of(io.mppfc.footprint.Footprint.sha256(i)), i, Duration.ZERO, true);
        }
        cache.write(key, 1, Duration.ZERO, true);
        cache.write(key, 2, Duration.ZERO, false);
        assertThat(files(cache.directory())).hasSize(51)
                .noneMatch(p -> p.getFileName().toString().startsWith(DiskCache.TEMP_PREFIX));
    }

    @Test
    void writeWithoutOverwriteKeepsTheExistingEntry() throws Exception {
        assertThat(cache.write(key, "first", Duration.ZERO, false)).isTrue();
        assertThat(cache.write(key, "second", Duration.ZERO, false)).isFalse();
        assertThat(cache.read(key).value()).isEqualTo("first");
        assertThat(cache.write(key, "third", Duration.ZERO, true)).isTrue();
        assertThat(cache.read(key).value()).isEqualTo("third");
    }

    @Test
    void durableWritesAreReadBack() throws Exception {
        DiskCache durable = DiskCache.open(root.resolve("d"), Codecs.create(Codec.FORY, ALLOW), ALLOW, true);
        durable.write(key, Map.of("a", 1), Duration.ofNanos(7), true);
        assertThat(durable.read(key).value()).isEqualTo(Map.of("a", 1));
        CacheKey big = CacheKey.of(io.mppfc.footprint.Footprint.sha256("a large array, written through a mapping"));
        double[] large = new double[200_000];
        java.util.Arrays.setAll(large, i -> i * 0.25);
        durable.write(big, large, Duration.ZERO, true);
        assertThat((double[]) durable.read(big).value()).isEqualTo(large);
    }

    private void damageAndExpectQuarantine(String how, java.util.function.Consumer<Path> damage) throws Exception {
        cache.write(key, new Result(1, List.of()), Duration.ZERO, true);
        damage.accept(cache.entryPath(key));
        assertThat(cache.read(key)).as(how).isNull();
        assertThat(quarantined()).as(how).hasSize(1);
        assertThat(Files.exists(cache.entryPath(key), java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(how).isFalse();
        cache.write(key, new Result(2, List.of()), Duration.ZERO, true);
        assertThat(cache.read(key).value()).as(how).isEqualTo(new Result(2, List.of()));
    }

    private static void rewrite(Path path, java.util.function.UnaryOperator<byte[]> change) {
        try {
            Files.write(path, change.apply(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void truncatedEntryIsQuarantined() throws Exception {
        damageAndExpectQuarantine("truncated", p -> rewrite(p, b -> java.util.Arrays.copyOf(b, b.length / 2)));
    }

    @Test
    void emptyEntryIsQuarantined() throws Exception {
        damageAndExpectQuarantine("empty", p -> rewrite(p, b -> new byte[0]));
    }

    @Test
    void zeroedEntryIsQuarantined() throws Exception {
        damageAndExpectQuarantine("zeroed", p -> rewrite(p, b -> new byte[b.length]));
    }

    @Test
    void bitFlippedEntryIsQuarantined() throws Exception {
        damageAndExpectQuarantine("bit flip", p -> rewrite(p, b -> {
            b[b.length / 2] ^= 0x10;
            return b;
        }));
    }

    @Test
    void unknownCodecIsQuarantined() throws Exception {
        damageAndExpectQuarantine("unknown codec", p -> rewrite(p, b -> OldEntries.v3((byte) 77, 0, new byte[] {1})));
    }

    @Test
    void undecodablePayloadIsQuarantined() throws Exception {
        damageAndExpectQuarantine("garbage payload", p -> rewrite(p, b -> OldEntries.v3(Codecs.id(Codec.FORY), 0,
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})));
    }

    @Test
    void directoryInPlaceOfAnEntryIsQuarantined() throws Exception {
        damageAndExpectQuarantine("directory", p -> {
            try {
                Files.delete(p);
                Files.createDirectory(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void symlinkInPlaceOfAnEntryIsNeverFollowed() throws Exception {
        Path outside = root.resolve("outside.txt");
        byte[] valid = OldEntries.v3(Codecs.id(Codec.FORY), 0, Codecs.create(Codec.FORY, ALLOW).encode("not from the cache"));
        Files.write(outside, valid);
        damageAndExpectQuarantine("symlink", p -> {
            try {
                Files.delete(p);
                Files.createSymbolicLink(p, outside);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(Files.readAllBytes(outside)).isEqualTo(valid);
    }

    @Test
    void aSymlinkPlantedAtAnEntryPathIsReplacedNeverWrittenThrough() throws Exception {
        Path outside = Files.writeString(root.resolve("precious.txt"), "do not touch");
        Path entry = cache.entryPath(key);
        Files.createDirectories(entry.getParent());
        Files.createSymbolicLink(entry, outside);
        cache.write(key, "value", Duration.ZERO, true);
        assertThat(Files.readString(outside)).isEqualTo("do not touch");
        assertThat(Files.isSymbolicLink(entry)).isFalse();
        assertThat(cache.read(key).value()).isEqualTo("value");
    }

    @Test
    void entryHoldingAClassOutsideTheAllowListIsRefusedNamingTheOptionAndLeftInPlace() throws Exception {
        ClassAllowList everything = ClassAllowList.JDK_VALUES.plus(new ClassAllowList(java.util.Set.of(),
                java.util.Set.of("io.mppfc.cache")));
        byte[] planted = Codecs.create(Codec.FORY, everything).encode(new Planted());
        Path path = cache.entryPath(key);
        Files.createDirectories(path.getParent());
        Files.write(path, OldEntries.v3(Codecs.id(Codec.FORY), 0, planted));
        assertThatThrownBy(() -> cache.read(key)).isInstanceOf(ClassNotAllowedException.class)
                .hasMessageContaining("io.mppfc.cache.DiskCacheTest.Planted")
                .hasMessageContaining("allowClasses(Planted.class)").hasMessageContaining("--allow-classes");
        assertThat(quarantined()).isEmpty();
        assertThat(path).exists();
        DiskCache allowing = DiskCache.open(cache.directory(), Codecs.create(Codec.FORY, everything), everything, false);
        assertThat(allowing.read(key).value()).isInstanceOf(Planted.class);
    }

    @Test
    void valueTheCodecRefusesFailsTheWriteAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> cache.write(key, new Planted(), Duration.ZERO, true))
                .isInstanceOf(CodecException.class).hasMessageContaining("allowClasses");
        assertThat(files(cache.directory())).isEmpty();
    }

    @Test
    void unreadableEntryIsQuarantined() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their permissions");
        damageAndExpectQuarantine("unreadable", p -> {
            try {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void concurrentWritersOfOneKeyLeaveOneValidEntry() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> writes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int value = t;
                writes.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        cache.write(key, List.of(value, i), Duration.ZERO, true);
                        assertThat(cache.read(key)).isNotNull();
                    }
                    return true;
                }));
            }
            for (Future<Boolean> w : writes) {
                assertThat(w.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(files(cache.directory())).hasSize(1);
        assertThat(quarantined()).isEmpty();
    }

    @Test
    void cacheDirectoryThatIsAFileIsAClearError() throws IOException {
        Path file = Files.createFile(root.resolve("plain-file"));
        assertThatThrownBy(() -> DiskCache.open(file, Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot create the cache directory " + file);
    }
}
