package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A miss's write: one look at a level directory it has prepared before, and what that look still protects. */
class LooseWriterTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private DiskCache cache;
    private final CacheKey key = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
    private final CacheKey neighbour = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b4");

    @BeforeEach
    void open() throws IOException {
        cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false).expecting(long.class);
    }

    private Path inUse() {
        return cache.directory().resolve(VersionInUse.FILE);
    }

    private static List<Path> contents(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    /**
     * The second write into a level directory looks at that directory alone: not at the function's
     * directory, nor at the {@code in-use} file (which a write into a directory that changed still
     * looks at: {@link #aLevelDirectoryMadeAgainBySomeoneElseRenewsTheInUseClaim}).
     */
    @Test
    void aSecondWriteIntoALevelDirectoryLooksAtNothingButIt() throws Exception {
        cache.write(key, 1L, Duration.ZERO, true);
        Files.delete(inUse()); // noticed, and made again, by a write that checks the in-use file
        cache.write(neighbour, 2L, Duration.ZERO, true);
        assertThat(inUse()).doesNotExist();
        assertThat(cache.read(neighbour).value()).isEqualTo(2L);
    }

    @Test
    void aLevelDirectoryMadeAgainBySomeoneElseRenewsTheInUseClaim() throws Exception {
        cache.write(key, 1L, Duration.ZERO, true);
        Path aside = root.resolve("aside");
        Files.move(cache.directory(), aside); // kept, so that no inode is reused: as clear renames it aside
        Files.createDirectories(cache.entryPath(key).getParent(), FilePermissions.directory());
        Files.copy(aside.resolve("layout"), cache.directory().resolve("layout"));
        cache.write(neighbour, 2L, Duration.ZERO, true);
        assertThat(inUse()).as("locked again in the directory made anew").exists();
        assertThat(cache.read(neighbour).value()).isEqualTo(2L);
        assertThat(aside.resolve(key.directoryName()).resolve(neighbour.hex())).doesNotExist();
    }

    @Test
    void aLevelDirectoryRemovedAfterAWriteIsMadeAgainByTheNext() throws Exception {
        cache.write(key, 1L, Duration.ZERO, true);
        Path level = cache.entryPath(key).getParent();
        Files.delete(cache.entryPath(key));
        Files.delete(level); // emptied and removed by mppfc pack
        cache.write(neighbour, 2L, Duration.ZERO, true);
        assertThat(cache.read(neighbour).value()).isEqualTo(2L);
    }

    @Test
    void aTempNameTakenByAPlantedFileIsPassedOver() throws Exception {
        cache.write(key, 1L, Duration.ZERO, true);
        Path level = cache.entryPath(key).getParent();
        LooseWriter writer = new LooseWriter(cache.directory(), null, false, "");
        String last = writer.tempName("");
        String stem = last.substring(0, last.length() - 16);
        long next = Long.parseLong(last.substring(last.length() - 16), 16);
        for (int i = 1; i <= 3; i++) {
            Files.writeString(level.resolve(stem + String.format("%016x", next + i)), "planted");
        }
        cache.write(neighbour, 2L, Duration.ZERO, true);
        assertThat(cache.read(neighbour).value()).isEqualTo(2L);
        assertThat(contents(level)).filteredOn(p -> p.getFileName().toString().startsWith(DiskCache.TEMP_PREFIX))
                .hasSize(3).allSatisfy(p -> assertThat(p).hasContent("planted"));
    }

    /** An exception costs more than the write: a level directory not made yet is no exception. */
    @Test
    void aWriteIntoANewLevelDirectoryThrowsNothing() throws Exception {
        cache.write(key, 1L, Duration.ZERO, true); // classes loaded, the function's directory made
        Path recorded = root.resolve("exceptions.jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.JavaExceptionThrow").withStackTrace();
            recording.start();
            for (int i = 0; i < 16; i++) {
                String hex = String.format("%03x", 0x100 + i) + key.hex().substring(3);
                cache.write(CacheKey.ofHex(hex), (long) i, Duration.ZERO, true);
            }
            recording.stop();
            recording.dump(recorded);
        }
        List<String> thrown = jdk.jfr.consumer.RecordingFile.readAllEvents(recorded).stream()
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getType().getName().startsWith("io.mppfc.")))
                .map(e -> e.getClass("thrownClass").getName()).toList();
        assertThat(thrown).isEmpty();
    }
}
