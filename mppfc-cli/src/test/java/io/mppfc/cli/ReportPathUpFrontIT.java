package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report that could not be written is said before anything is computed, not after the run: one
 * line naming the option and the path, exit 2, and no cache made.
 */
@Timeout(180)
class ReportPathUpFrontIT {

    @TempDir
    Path dir;

    private CliProcess.Result prewarm(String... report) throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("prewarm", "--function",
                Grid.class.getName() + "::twice", "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl",
                "--cache", "c", "--workers", "1"));
        args.addAll(java.util.List.of(report));
        return CliProcess.run(dir, args.toArray(String[]::new));
    }

    private void assertRefusedBeforeAnyWork(CliProcess.Result r, String says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).as(r.all()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says);
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void aReportInADirectoryThatDoesNotExistIsRefusedBeforeAnyWork() throws Exception {
        assertRefusedBeforeAnyWork(prewarm("--report", "out/report.json"), "--report: the directory of "
                + dir.toRealPath().resolve("out/report.json") + " does not exist");
    }

    @Test
    void aJUnitReportThatIsADirectoryIsRefusedBeforeAnyWork() throws Exception {
        Files.createDirectory(dir.resolve("reports"));
        assertRefusedBeforeAnyWork(prewarm("--junit-report", "reports"), "--junit-report: "
                + dir.toRealPath().resolve("reports") + " is a directory");
    }

    @Test
    void aSummaryInADirectoryThatDoesNotExistIsRefusedBeforeAnyWork() throws Exception {
        assertRefusedBeforeAnyWork(prewarm("--summary-markdown", "none/summary.md"), "--summary-markdown: the directory");
    }
}
