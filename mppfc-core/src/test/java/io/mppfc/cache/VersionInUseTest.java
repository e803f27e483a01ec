package io.mppfc.cache;

import io.mppfc.cache.maintenance.OldCodeVersions;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ClassAllowList;
import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionInUseTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    @TempDir
    Path root;

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    private DiskCache open(Path function) throws IOException {
        return DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private Path version(String hex) {
        return root.resolve(CodeVersions.directoryName("f", hex));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aWriterWhoseDirectoryWasRemovedMakesItAgainAndStores() throws Exception {
        Path function = version("0000000000000001");
        DiskCache cache = open(function);
        cache.write(key(1), 1.0, Duration.ZERO, false);
        deleteTree(function);

        assertThat(cache.write(key(2), 2.0, Duration.ZERO, false)).isTrue();

        assertThat(cache.read(key(2)).value()).isEqualTo(2.0);
        assertThat(cache.read(key(1))).isNull();
        assertThat(function.resolve(CacheLayout.FILE)).isRegularFile();
        assertThat(VersionInUse.removeUnlessInUse(function, () -> deleteTree(function)))
                .as("the directory made again is held in use again").isEqualTo(VersionInUse.Verdict.IN_USE);
    }

    @Test
    void aReleasedCacheNoLongerHoldsItsVersion() throws Exception {
        Path function = version("0000000000000001");
        DiskCache cache = open(function);
        DiskCache second = open(function);
        cache.releaseInUse();
        assertThat(VersionInUse.removeUnlessInUse(function, () -> deleteTree(function)))
                .as("still held by the second").isEqualTo(VersionInUse.Verdict.IN_USE);

        second.releaseInUse();

        assertThat(VersionInUse.removeUnlessInUse(function, () -> deleteTree(function)))
                .isEqualTo(VersionInUse.Verdict.REMOVED);
        assertThat(function).doesNotExist();
    }

    @Test
    void aWriterWhoseDirectoryWasReplacedHoldsTheNewOneInUse() throws Exception {
        Path function = version("0000000000000001");
        DiskCache cache = open(function);
        deleteTree(function);
        Files.createDirectory(function); // made again by something else: no in-use file of ours

        assertThat(cache.write(key(2), 2.0, Duration.ZERO, false)).isTrue();

        assertThat(VersionInUse.removeUnlessInUse(function, () -> deleteTree(function)))
                .isEqualTo(VersionInUse.Verdict.IN_USE);
        assertThat(cache.read(key(2)).value()).isEqualTo(2.0);
    }

    @Test
    void aVersionOpenInThisProcessIsNotRemoved() throws Exception {
        Path old = version("0000000000000001");
        DiskCache cache = open(old);
        cache.write(key(1), 1.0, Duration.ZERO, false);
        CodeVersions.recordUse(old);
        Files.setLastModifiedTime(old.resolve(CodeVersions.LAST_USED), FileTime.from(LONG_AGO));
        Path newer = version("0000000000000002");
        open(newer).releaseInUse();
        CodeVersions.recordUse(newer);

        OldCodeVersions.Removed removed = OldCodeVersions.remove(root, 1);

        assertThat(removed.inUse()).isEqualTo(1);
        assertThat(cache.read(key(1)).value()).isEqualTo(1.0);
    }

    @Test
    void aLastUseInTheFutureDoesNotOutrankTheVersionThatJustRan() throws Exception {
        Path skewed = version("0000000000000001");
        open(skewed).releaseInUse(); // a function directory of a marked cache, no longer open
        CodeVersions.recordUse(skewed);
        Files.setLastModifiedTime(skewed.resolve(CodeVersions.LAST_USED),
                FileTime.from(Instant.now().plus(Duration.ofDays(1))));
        Files.setLastModifiedTime(skewed, FileTime.from(LONG_AGO));
        Path justRan = version("0000000000000002");
        open(justRan).releaseInUse();
        CodeVersions.recordUse(justRan);

        OldCodeVersions.Removed removed = OldCodeVersions.remove(root, 1);

        assertThat(removed.versions()).isEqualTo(1);
        assertThat(justRan).isDirectory();
        assertThat(skewed).doesNotExist();
    }

    @Test
    void aTimeOfLastUseInTheFutureIsNoLaterThanNow() throws Exception {
        Path skewed = version("0000000000000001");
        open(skewed).releaseInUse(); // a function directory of a marked cache, no longer open
        CodeVersions.recordUse(skewed);
        Instant future = Instant.now().plus(Duration.ofDays(1));
        Files.setLastModifiedTime(skewed.resolve(CodeVersions.LAST_USED), FileTime.from(future));
        Files.setLastModifiedTime(skewed, FileTime.from(future));

        assertThat(CodeVersions.lastUsed(skewed)).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void aReadOnlyCacheHoldsItsVersionAndCreatesNothing() throws Exception {
        Path function = version("0000000000000001");
        open(function).write(key(1), 1.0, Duration.ZERO, false);
        System.gc(); // the writer's hold may go; the reader's must stand on its own
        long before;
        try (Stream<Path> files = Files.walk(function)) {
            before = files.count();
        }

        DiskCache reader = DiskCache.openReadOnly(function, Codecs.create(Codec.FORY, ALLOW), ALLOW);

        assertThat(VersionInUse.removeUnlessInUse(function, () -> deleteTree(function)))
                .isEqualTo(VersionInUse.Verdict.IN_USE);
        assertThat(reader.read(key(1)).value()).isEqualTo(1.0);
        try (Stream<Path> files = Files.walk(function)) {
            assertThat(files.count()).isEqualTo(before);
        }
    }
}
