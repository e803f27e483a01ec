package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What someone else can plant in a cache tree: the library never follows, hangs, blows its heap or returns it. */
class HostileTreeTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private Path outside;

    private DiskCache cache;
    private final CacheKey key = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");

    @BeforeEach
    void open() throws IOException {
        outside = Files.createDirectory(root.resolve("outside-the-cache"));
        cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false).expecting(long.class);
    }

    private Path level1() {
        return cache.directory().resolve(key.directoryName());
    }

    private List<Path> quarantined() throws IOException {
        Path q = cache.directory().resolve(DiskCache.QUARANTINE);
        if (!Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(q)) {
            return list.toList();
        }
    }

    private static List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).toList();
        }
    }

    private void plant(byte[] entry) throws IOException {
        Path path = cache.entryPath(key);
        Files.createDirectories(path.getParent());
        Files.write(path, entry);
    }

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo " + path).isTrue();
    }

    @Test
    void aFifoAtAnEntryPathIsAQuarantinedMissAndNeverOpened() throws Exception {
        Files.createDirectories(cache.entryPath(key).getParent());
        mkfifo(cache.entryPath(key));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThat(cache.contains(key)).isFalse();
            assertThat(cache.read(key)).isNull();
        });
        assertThat(quarantined()).hasSize(1);
        cache.write(key, 7L, Duration.ZERO, true);
        assertThat(cache.read(key).value()).isEqualTo(7L);
    }

    @Test
    void aHugeSparseEntryIsDamageFoundWithoutAllocatingIt() throws Exception {
        Path path = cache.entryPath(key);
        Files.createDirectories(path.getParent());
        long size = 1900L << 20;
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.setLength(size);
            ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER).putInt(EntryFormat.MAGIC).put(EntryFormat.VERSION)
                    .put(Codecs.id(Codec.FORY)).put((byte) 0).put((byte) 0).putLong(0)
                    .putInt((int) (size - EntryFormat.HEADER - EntryFormat.TRAILER)).putInt(0).putLong(1);
            file.write(header.array());
        }
        // the checksum fails in 64 KiB chunks; that no 1900 MB buffer is made is pinned by
        // FaultProgramsTest, which plants this file in a JVM of 256 MB
        assertThat(cache.read(key)).isNull();
        assertThat(quarantined()).hasSize(1);
    }

    @Test
    void aValueOfAnotherTypeThanTheResultTypeIsAQuarantinedMiss() throws Exception {
        plant(OldEntries.v3(Codecs.id(Codec.FORY), 0, Codecs.create(Codec.FORY, ALLOW).encode("not a long")));
        assertThat(cache.read(key)).isNull();
        assertThat(quarantined()).singleElement().satisfies(q -> assertThat(q.getFileName().toString()).contains(key.hex()));
    }

    @Test
    void nullIsNotAResultOfAPrimitiveFunction() throws Exception {
        plant(OldEntries.v3(Codecs.id(Codec.FORY), 0, null));
        assertThat(cache.read(key)).isNull();
        assertThat(quarantined()).hasSize(1);
    }

    @Test
    void aSymlinkedLevelDirectoryIsNeverWrittenThroughNorReadThrough() throws Exception {
        Files.createDirectories(cache.directory());
        Files.createSymbolicLink(level1(), outside);
        assertThat(cache.read(key)).isNull();
        cache.write(key, 5L, Duration.ZERO, true);
        assertThat(contents(outside)).isEmpty();
        assertThat(Files.isSymbolicLink(level1())).isFalse();
        assertThat(cache.read(key).value()).isEqualTo(5L);
        assertThat(quarantined()).singleElement().satisfies(q -> assertThat(Files.isSymbolicLink(q)).isTrue());
    }

    /**
     * A hit does not look again at a directory it has used: through a link swapped in since, it
     * reads only what the link's maker could have planted in the cache itself, which is the
     * key's own valid entry or a miss. Writes check the directory every time.
     */
    @Test
    void aLevelDirectorySwappedForALinkWhileInUseIsNeverWrittenThroughAndReadsNoWrongValue() throws Exception {
        CacheKey neighbour = CacheKey.ofHex(key.hex().substring(0, 63) + (key.hex().endsWith("0") ? "1" : "0"));
        cache.write(neighbour, 4L, Duration.ZERO, true);
        assertThat(cache.read(neighbour).value()).isEqualTo(4L);
        byte[] valid = Files.readAllBytes(cache.entryPath(neighbour));
        swapLevelForLinkTo(neighbour, valid);
        CacheEntry read = cache.read(neighbour);
        assertThat(read == null ? null : read.value()).as("the key's own value or a miss").isIn(4L, null);
        cache.write(key, 5L, Duration.ZERO, true);
        assertThat(contents(outside)).as("nothing written through the link").hasSize(1);
        assertThat(outside.resolve(neighbour.hex())).hasBinaryContent(valid);
        assertThat(Files.isSymbolicLink(level1())).isFalse();
        assertThat(cache.read(key).value()).isEqualTo(5L);
    }

    @Test
    void anotherKeysEntryReadThroughASwappedLevelDirectoryIsAMissAndStaysWhereItIs() throws Exception {
        CacheKey neighbour = CacheKey.ofHex(key.hex().substring(0, 63) + (key.hex().endsWith("0") ? "1" : "0"));
        cache.write(key, 5L, Duration.ZERO, true);
        cache.write(neighbour, 4L, Duration.ZERO, true);
        assertThat(cache.read(neighbour).value()).isEqualTo(4L);
        byte[] othersEntry = Files.readAllBytes(cache.entryPath(key)); // valid, but the entry of another key
        swapLevelForLinkTo(neighbour, othersEntry);
        assertThat(cache.read(neighbour)).isNull();
        assertThat(outside.resolve(neighbour.hex())).as("nothing outside moved").hasBinaryContent(othersEntry);
        assertThat(Files.isSymbolicLink(level1())).as("the link is moved aside").isFalse();
    }

    @Test
    void aHitThroughASwappedLevelDirectoryNeverSetsATimeOutside() throws Exception {
        CacheKey neighbour = CacheKey.ofHex(key.hex().substring(0, 63) + (key.hex().endsWith("0") ? "1" : "0"));
        cache.write(neighbour, 4L, Duration.ZERO, true);
        assertThat(cache.read(neighbour).value()).isEqualTo(4L);
        byte[] valid = Files.readAllBytes(cache.entryPath(neighbour));
        swapLevelForLinkTo(neighbour, valid);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(outside.resolve(neighbour.hex()), old); // due for a last-use update
        cache.read(neighbour);
        assertThat(Files.getLastModifiedTime(outside.resolve(neighbour.hex()))).isEqualTo(old);
        assertThat(Files.isSymbolicLink(level1())).as("the link is moved aside").isFalse();
    }

    /** Replaces the level directory of {@code neighbour} by a link to a directory outside holding {@code entry} under its name. */
    private void swapLevelForLinkTo(CacheKey neighbour, byte[] entry) throws IOException {
        try (Stream<Path> files = Files.list(level1())) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(level1());
        Files.write(outside.resolve(neighbour.hex()), entry);
        Files.createSymbolicLink(level1(), outside);
    }

    @Test
    void aSymlinkedQuarantineNeverTakesEntriesOutOfTheCache() throws Exception {
        plant(new byte[] {1, 2, 3});
        Files.createSymbolicLink(cache.directory().resolve(DiskCache.QUARANTINE), outside);
        assertThat(cache.read(key)).isNull();
        assertThat(contents(outside)).isEmpty();
        assertThat(quarantined()).hasSize(1);
        assertThat(cache.entryPath(key)).doesNotExist();
    }

    @Test
    void aQuarantineThatIsAFileIsMovedAsideAndDamageIsStillAMiss() throws Exception {
        plant(new byte[] {1, 2, 3});
        Files.writeString(cache.directory().resolve(DiskCache.QUARANTINE), "in the way");
        for (int i = 0; i < 2; i++) {
            assertThat(cache.read(key)).isNull();
            plant(new byte[] {4, 5, 6});
        }
        assertThat(quarantined()).hasSize(2);
    }

    @Test
    void aLevelDirectoryThatIsAFileIsAMissAndAWriteReplacesIt() throws Exception {
        Files.createDirectories(cache.directory());
        Files.writeString(level1(), "in the way");
        assertThat(cache.read(key)).isNull();
        assertThat(cache.contains(key)).isFalse();
        cache.write(key, 9L, Duration.ZERO, true);
        assertThat(cache.read(key).value()).isEqualTo(9L);
    }

    @Test
    void aLevelDirectoryOthersCanWriteIsRefusedUnderStrictPermissions() throws Exception {
        DiskCache strict = DiskCache.open(root.resolve("g"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false, true);
        strict.write(key, 1L, Duration.ZERO, true);
        Files.setPosixFilePermissions(strict.directory().resolve(key.directoryName()), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> strict.read(key)).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("world-writable").hasMessageContaining("chmod go-w");
        assertThatThrownBy(() -> strict.write(key, 2L, Duration.ZERO, true)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void aReadOnlyCacheReportsDamageAndChangesNothing() throws Exception {
        plant(new byte[] {1, 2, 3});
        List<Path> before = contents(cache.directory());
        DiskCache readOnly = DiskCache.openReadOnly(cache.directory(), Codecs.create(Codec.FORY, ALLOW), ALLOW);
        assertThatThrownBy(() -> readOnly.read(key)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged").hasMessageContaining("mppfc verify");
        assertThatThrownBy(() -> readOnly.write(key, 1L, Duration.ZERO, true)).isInstanceOf(IllegalStateException.class);
        assertThat(contents(cache.directory())).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aReadOnlyCacheOfAMissingDirectoryCreatesNothing() {
        Path missing = root.resolve("typo");
        assertThatThrownBy(() -> DiskCache.openReadOnly(missing, Codecs.create(Codec.FORY, ALLOW), ALLOW))
                .isInstanceOf(IOException.class).hasMessageContaining("typo");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aReadOnlyCacheLeavesTheUsedTimeAlone() throws Exception {
        cache.write(key, 3L, Duration.ZERO, true);
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(cache.entryPath(key), old);
        DiskCache readOnly = DiskCache.openReadOnly(cache.directory(), Codecs.create(Codec.FORY, ALLOW), ALLOW);
        assertThat(readOnly.read(key).value()).isEqualTo(3L);
        assertThat(Files.getLastModifiedTime(cache.entryPath(key))).isEqualTo(old);
        assertThat(Set.copyOf(contents(cache.directory()))).noneMatch(p -> p.getFileName().toString().startsWith("."));
    }
}
