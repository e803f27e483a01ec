package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class data archives are kept for the classpaths in use, not for every jar ever built. */
class ClassDataArchivesTest {

    @TempDir
    Path dir;

    private Path file(String name, Duration age) throws Exception {
        Path file = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewRecordingLeavesTheMostRecentlyUsedArchivesAndRemovesTheRest() throws Exception {
        for (int hours = 2; hours < 14; hours++) { // twelve archives, used 2 to 13 hours ago
            file("worker-" + hours + (hours % 2 == 0 ? ".jsa" : ".aot"), Duration.ofHours(hours));
        }
        ClassDataArchives.prune(dir);
        assertThat(names()).containsExactly("worker-2.jsa", "worker-3.aot", "worker-4.jsa", "worker-5.aot",
                "worker-6.jsa", "worker-7.aot", "worker-8.jsa", "worker-9.aot");
    }

    @Test
    void anArchiveMadeWithinTheHourIsKeptHoweverManyThereAre() throws Exception {
        for (int i = 0; i < ClassDataArchives.KEPT + 3; i++) {
            file("worker-" + i + ".jsa", Duration.ofMinutes(10 + i));
        }
        ClassDataArchives.prune(dir);
        assertThat(names()).hasSize(ClassDataArchives.KEPT + 3);
    }

    @Test
    void leftoversOfRecordingsThatNeverFinishedGoAfterAnHour() throws Exception {
        file("worker-a.jsa.1234.tmp", Duration.ofHours(3));
        file("worker-b.aot.5678.aotconf", Duration.ofHours(2));
        file("worker-c.jsa.9999.tmp.training", Duration.ofDays(1));
        file("worker-d.jsa.4321.tmp", Duration.ofMinutes(5)); // being recorded now
        file("notes.txt", Duration.ofDays(30)); // not ours
        ClassDataArchives.prune(dir);
        assertThat(names()).containsExactly("notes.txt", "worker-d.jsa.4321.tmp");
    }

    @Test
    void aMappedArchiveCountsAsUsedAtMostOnceAnHour() throws Exception {
        Path old = file("worker-old.jsa", Duration.ofHours(5));
        Path recent = file("worker-recent.jsa", Duration.ofMinutes(20));
        FileTime recentBefore = Files.getLastModifiedTime(recent);
        ClassDataArchives.used(old);
        ClassDataArchives.used(recent);
        assertThat(Files.getLastModifiedTime(old).toInstant()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        assertThat(Files.getLastModifiedTime(recent)).isEqualTo(recentBefore);
    }
}
