package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc --max-size 0} through the real jar: "empty it" is done and said; a planted file still stops it. */
@Timeout(120)
class GcToZeroIT {

    private static final String TWICE = Grid.class.getName() + "::twice";

    @TempDir
    Path dir;

    private Path function;

    @BeforeEach
    void fill() throws Exception {
        try (var twice = Mppfc.cache(Grid::twice).path(dir.resolve("c")).build()) {
            for (long i = 0; i < 30; i++) {
                twice.apply(i);
            }
            function = twice.cacheDir();
        }
    }

    @Test
    void maxSizeZeroEvictsEveryEntryExits0AndSaysWhatIsLeftAndWhy() throws Exception {
        CliProcess.Result gc = CliProcess.run(dir, "gc", "--cache", "c", "--max-size", "0");

        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("30 evicted").contains("gc: --max-size 0 B is below what the cache keeps for "
                + "itself").contains("every entry was evicted").contains("mppfc clear removes whole functions");
        assertThat(gc.err()).isEmpty();
        assertThat(CliProcess.run(dir, "ls", "--cache", "c", "--function", TWICE).out()).isEmpty();
    }

    @Test
    void maxSizeZeroBesideAPlantedFileEvictsNothingExits1AndNamesOnlyThePlantedBytes() throws Exception {
        Files.write(Files.createDirectories(function.resolve("packs")).resolve("pack-000000000000-bbbbbbbbbbbbbbbb.mpk"),
                new byte[5000]);

        CliProcess.Result gc = CliProcess.run(dir, "gc", "--cache", "c", "--max-size", "0");

        assertThat(gc.exitCode()).as(gc.all()).isEqualTo(1);
        assertThat(gc.out()).contains("0 evicted");
        assertThat(gc.err()).contains("the cache holds 8.0 KiB besides them").contains("none was evicted for size");
        assertThat(CliProcess.run(dir, "ls", "--cache", "c", "--function", TWICE).out().lines()).hasSize(30);
    }
}
