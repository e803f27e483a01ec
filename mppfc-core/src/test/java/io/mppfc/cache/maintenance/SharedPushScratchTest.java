package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.CacheMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push gathers loose entries into packs in a scratch directory of the system's; one killed
 * (SIGKILL runs no close) leaves it there, and a later push removes it once it is a day old.
 */
class SharedPushScratchTest {

    @TempDir
    Path temp;

    // named as Files.createTempDirectory names them: the prefix, then digits
    private final String nonce = Long.toString(System.nanoTime() & Long.MAX_VALUE);
    private final Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
    private final Path dead = systemTemp.resolve(PushScratch.PREFIX + "1" + nonce);
    private final Path underWay = systemTemp.resolve(PushScratch.PREFIX + "2" + nonce);

    static long square(long x) {
        return x * x;
    }

    @AfterEach
    void removePlanted() throws IOException {
        SharedPull.deleteTree(dead);
        SharedPull.deleteTree(underWay);
    }

    /** The scratch as a push killed while it gathered leaves it: a pack being written, and nothing else. */
    private static Path scratchAsLeft(Path dir, Instant lastWritten) throws IOException {
        Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.write(dir.resolve(".tmp-pack-00000000000000aa"), new byte[4096]);
        Files.setLastModifiedTime(dir, FileTime.from(lastWritten));
        return dir;
    }

    @Test
    void aKilledPushsScratchIsRemovedByALaterPushOnceItIsADayOld() throws IOException {
        scratchAsLeft(dead, Instant.now().minus(Duration.ofDays(2)));
        scratchAsLeft(underWay, Instant.now());
        Path root = Files.createDirectories(temp.resolve("a"));
        CacheMarker.markRoot(root);
        try (var f = Mppfc.cache(SharedPushScratchTest::square).path(root).build()) {
            for (long x = 0; x < 20; x++) { // loose, and more than go up one object each: gathered in scratch
                f.apply(x);
            }
        }

        SharedPush.push(root, new DirectoryStore(Files.createDirectories(temp.resolve("store"))), null,
                SharedProgress.NONE);

        assertThat(dead).doesNotExist();
        assertThat(underWay).as("another push's, under way").isDirectory();
    }
}
