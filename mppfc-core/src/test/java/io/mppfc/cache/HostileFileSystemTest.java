package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, a read-only file system, directories others may write to. The first two need
 * a tmpfs mounted for the test, which needs root; elsewhere they are skipped, saying so.
 */
class HostileFileSystemTest {

    @TempDir
    Path root;

    private final List<Path> mounted = new ArrayList<>();

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Mounts a small tmpfs, or skips the test with the reason. */
    private Path tmpfs(String name, String options) throws Exception {
        Path dir = Files.createDirectory(root.resolve(name));
        int exit = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString());
        assumeTrue(exit == 0, "cannot mount a tmpfs here (needs root and mount rights; mount exited " + exit
                + "): the full-disk and read-only cases are skipped");
        mounted.add(dir);
        return dir;
    }

    @AfterEach
    void unmount() throws Exception {
        for (Path dir : mounted) {
            run("umount", "-l", dir.toString());
        }
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(CacheLayout.FILE))
                    .filter(p -> !p.getFileName().toString().equals(VersionInUse.FILE)).toList();
        }
    }

    private static final CacheKey FIRST = CacheKey.of(io.mppfc.footprint.Footprint.sha256("first"));

    /** A cache on {@code disk} holding one small entry (under {@link #FIRST}), which a full disk must leave intact. */
    private static DiskCache cacheWithASmallEntry(Path disk) throws Exception {
        DiskCache cache = DiskCache.open(disk.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        cache.write(FIRST, "small value", Duration.ZERO, true);
        return cache;
    }

    @Test
    void aFullDiskIsAClearErrorAndLeavesEarlierEntriesIntactAndNoTempFile() throws Exception {
        Path disk = tmpfs("small", "size=256k,mode=0700");
        DiskCache cache = cacheWithASmallEntry(disk);
        byte[] big = new byte[40_000];
        IOException failure = null;
        for (int i = 0; i < 100 && failure == null; i++) {
            try {
                cache.write(CacheKey.of(io.mppfc.footprint.Footprint.sha256(i)), big, Duration.ZERO, true);
            } catch (IOException e) {
                failure = e;
            }
        }
        assertThat(failure).as("the disk fills up").isNotNull();
        assertThat(failure).hasMessageContaining(cache.directory().toString());
        assertThat(files(disk)).noneMatch(p -> p.getFileName().toString().startsWith(DiskCache.TEMP_PREFIX));
        assertThat(cache.read(FIRST).value()).isEqualTo("small value");
        for (Path entry : files(cache.directory())) {
            assertThat(EntryFormat.parse(Files.readAllBytes(entry))).isNotNull();
        }
    }

    /** A large array is encoded into a mapped temp file, whose space is written before it is mapped. */
    @Test
    void aFullDiskUnderALargeResultIsTheSameClearErrorAndTheJvmGoesOn() throws Exception {
        Path disk = tmpfs("full", "size=4m,mode=0700");
        DiskCache cache = cacheWithASmallEntry(disk);
        CacheKey big = CacheKey.of(io.mppfc.footprint.Footprint.sha256("big"));
        assertThatThrownBy(() -> cache.write(big, new double[1_000_000], Duration.ZERO, true))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot write to the cache directory " + cache.directory() + " (disk full?): ")
                .hasMessageContaining("No space left on device");
        assertThat(files(disk)).noneMatch(p -> p.getFileName().toString().startsWith(DiskCache.TEMP_PREFIX));
        assertThat(cache.read(FIRST).value()).isEqualTo("small value");
        assertThat(cache.read(big)).isNull();
        cache.write(big, new double[100_000], Duration.ZERO, true);
        assertThat((double[]) cache.read(big).value()).as("once there is room").hasSize(100_000);
    }

    @Test
    void aReadOnlyCacheIsAClearErrorNamingTheDirectory() throws Exception {
        Path disk = tmpfs("readonly", "size=64k,mode=0700");
        Path dir = disk.resolve("f");
        DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).write(CacheKey.of(new byte[32]), 1, Duration.ZERO, true);
        assumeTrue(run("mount", "-o", "remount,ro", disk.toString()) == 0, "cannot remount read-only here");
        assertThatThrownBy(() -> DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining(dir.toString())
                .hasMessageContaining("not writable");
    }

    @Test
    void aDirectoryOthersMayWriteIsReportedOrRefused() throws Exception {
        Path shared = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));
        Path dir = shared.resolve("f");
        assertThat(DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false, false).directory()).isEqualTo(dir);
        assertThatThrownBy(() -> DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false, true))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("group-writable")
                .hasMessageContaining("chmod go-w " + shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
        assertThat(DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false, true).directory()).isEqualTo(dir);
    }

    @Test
    void aStickyWorldWritableRootLikeTmpIsFine() throws Exception {
        Path tmpLike = Files.createDirectory(root.resolve("tmplike"));
        Files.setAttribute(tmpLike, "unix:mode", 01777);
        assertThat(DiskCache.open(tmpLike.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false, true)).isNotNull();
    }
}
