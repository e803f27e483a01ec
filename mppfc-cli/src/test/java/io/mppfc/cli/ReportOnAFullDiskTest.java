package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report that cannot be written says which file, not only what the file system said: "mppfc prewarm: No space
 * left on device" left the user to guess whether the cache or the report was full.
 */
class ReportOnAFullDiskTest {

    private static final Path FULL = Path.of("/dev/full"); // every write fails with ENOSPC

    @TempDir
    Path dir;

    @Test
    void aReportOnAFullDeviceNamesTheReportAndTheProblemInOneLine() throws Exception {
        assumeTrue(Files.exists(FULL), "no /dev/full on this system");
        Path root = dir.resolve("c");
        try (var twice = Mppfc.cache(Grid::twice).path(root).build()) {
            twice.apply(1L);
            twice.apply(2L);
        }
        Path args = Files.writeString(dir.resolve("grid.jsonl"), "[1]\n[2]\n");

        CliProcess.Result r = CliInProcess.run("prewarm", "--function", Grid.class.getName() + "::twice", "--classpath",
                CliProcess.FIXTURES, "--cache", root.toString(), "--args", args.toString(), "--report", FULL.toString());

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err().strip().lines().filter(l -> l.startsWith("mppfc prewarm:"))).as(r.all()).singleElement()
                .satisfies(l -> assertThat(l).contains("cannot write the report " + FULL, "No space left on device"));
    }
}
