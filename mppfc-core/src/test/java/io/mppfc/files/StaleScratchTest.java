package io.mppfc.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every kind of scratch sweep shares (PushScratchTest and TraineeScratchTest hold each
 * kind's rule): one scratch it cannot judge is passed over, and one sweep removes a bounded number.
 */
class StaleScratchTest {

    private static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");
    private static final Instant TWO_DAYS_AGO = NOW.minus(Duration.ofDays(2));
    private static final String PREFIX = "mppfc-test-";
    /** The scratch whose look fails, as a look fails at a name another sweep removed meanwhile. */
    private static final String UNJUDGED = PREFIX + "2";

    @TempDir
    Path temp;
    Path own;

    private final StaleScratch sweep = new StaleScratch("a test's scratch", PREFIX, Duration.ofDays(1), 8, (f, a, me) -> {
        if (f.getParent().getFileName().toString().equals(UNJUDGED)) {
            throw new NoSuchFileException(f.toString());
        }
        return a.isRegularFile();
    });

    @BeforeEach
    void ownScratch() throws IOException {
        own = scratch(PREFIX + "1", NOW);
    }

    @Test
    void aScratchThatCannotBeJudgedIsPassedOverAndTheSweepGoesOn() throws IOException {
        Path unjudged = scratch(UNJUDGED, TWO_DAYS_AGO);
        // enough that, in any order of the listing, some come after the one that fails
        var left = IntStream.range(3, 9).mapToObj(i -> scratch(PREFIX + i, TWO_DAYS_AGO)).toList();
        sweep.sweep(own, NOW);
        assertThat(left).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(unjudged.resolve("file")).exists();
        assertThat(own).isDirectory();
    }

    @Test
    void oneSweepRemovesAtMostItsBound() throws IOException {
        var left = IntStream.range(10, 10 + StaleScratch.MAX_REMOVED + 4)
                .mapToObj(i -> scratch(PREFIX + i, TWO_DAYS_AGO)).toList();
        sweep.sweep(own, NOW);
        assertThat(left.stream().filter(Files::exists)).hasSize(4);
    }

    /** A killed run's scratch: an owner-only directory holding a file, unwritten since {@code written}. */
    private Path scratch(String name, Instant written) {
        try {
            Path dir = Files.createDirectory(temp.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.write(dir.resolve("file"), new byte[64]);
            Files.setLastModifiedTime(dir, FileTime.from(written));
            return dir;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
