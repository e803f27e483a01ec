package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the size eviction counts, against what du says, on the file systems at hand. */
class DiskUsageTest {

    private static final Path SHM = Path.of("/dev/shm");

    @TempDir
    Path dir;

    /** A cache's shape: many entry directories, most of them empty, some small files and one larger one. */
    private static void fill(Path function) throws Exception {
        for (int i = 0; i < 300; i++) {
            Files.createDirectories(function.resolve(String.format("%03x", i)));
        }
        for (int i = 0; i < 40; i++) {
            Files.write(function.resolve(String.format("%03x", i)).resolve("entry-" + i), new byte[100 + i * 37]);
        }
        Files.write(function.resolve("big"), new byte[1_000_000]);
    }

    private static long du(Path path) throws Exception {
        Process du = new ProcessBuilder("du", "-s", "-B1", path.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(du.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(du.exitValue()).as(out).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static String type(Path path) throws Exception {
        FileStore store = Files.getFileStore(path);
        return store.type();
    }

    @Test
    void onTmpfsEmptyDirectoriesCountNothingAndTheTotalIsWhatDuSays() throws Exception {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM) && type(SHM).equals("tmpfs"),
                "no writable tmpfs at /dev/shm on this machine");
        Path function = Files.createTempDirectory(SHM, "mppfc-du-");
        try {
            fill(function);
            assertThat(DiskUsage.of(function)).isEqualTo(du(function));
        } finally {
            try (Stream<Path> walk = Files.walk(function)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static int identity(int x) {
        return x;
    }

    @Test
    void gcOnTmpfsEvictsOnlyWhatTheSizeNeeds() throws Exception {
        assumeTrue(Files.isDirectory(SHM) && Files.isWritable(SHM) && type(SHM).equals("tmpfs"),
                "no writable tmpfs at /dev/shm on this machine");
        Path root = Files.createTempDirectory(SHM, "mppfc-gc-");
        try {
            try (var f = io.mppfc.Mppfc.cache(DiskUsageTest::identity).path(root).build()) {
                for (int i = 0; i < 510; i++) {
                    f.apply(i);
                }
            }
            long before = du(root);
            assertThat(before).as("510 entries of a page each").isGreaterThan(2L << 20);
            CacheInventory.GcResult r = CacheInventory.collect(root, 1 << 20, null);
            assertThat(r.evicted()).as("packed, the 510 entries take far less than 1 MiB: none is evicted").isZero();
            assertThat(du(root)).isLessThan(1 << 20);
            r = CacheInventory.collect(root, 48 << 10, null);
            assertThat(r.evicted()).as("a bound below the packed size evicts some, not all").isBetween(1L, 509L);
            assertThat(r.diskBytes()).isLessThanOrEqualTo(48 << 10);
        } finally {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void onExt4EveryDirectoryCountsItsBlockAsDuDoes() throws Exception {
        assumeTrue(type(dir).startsWith("ext"), "the temp directory is on " + type(dir) + ", not ext4");
        fill(dir.resolve("f"));
        assertThat(DiskUsage.of(dir.resolve("f"))).isEqualTo(du(dir.resolve("f")));
    }

    @Test
    void neverCountsMoreThanDuOnTheTempDirectorysFileSystem() throws Exception {
        fill(dir.resolve("f"));
        assertThat(DiskUsage.of(dir.resolve("f"))).isLessThanOrEqualTo(du(dir.resolve("f")));
    }
}
