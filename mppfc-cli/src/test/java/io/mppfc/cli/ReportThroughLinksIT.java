package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real CLI writes its reports through /dev/stdout and the user's links, replacing neither. */
@Timeout(180)
class ReportThroughLinksIT {

    @TempDir
    Path dir;

    @Test
    void reportsGoThroughDevStdoutAndTheUsersLinksWhichStayLinks() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[2]"));
        Path junit = Files.createSymbolicLink(dir.resolve("rl.xml"), Path.of("real-report.xml"));
        Path summary = Files.createSymbolicLink(dir.resolve("step-summary"), Path.of("real-summary.md"));
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", dir.resolve("args.jsonl").toString(), "--cache", "c",
                "--workers", "1", "--report", "/dev/stdout", "--junit-report", "rl.xml", "--summary-markdown",
                "step-summary");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).as("the JSON report, on standard output").contains("\"alreadyCached\"")
                .contains("\"computed\" : 2");
        assertThat(Files.isSymbolicLink(Path.of("/dev/stdout"))).as("/dev/stdout is still a link").isTrue();
        assertThat(Files.isSymbolicLink(junit)).isTrue();
        assertThat(Files.readString(dir.resolve("real-report.xml"))).contains("<testsuite");
        assertThat(Files.isSymbolicLink(summary)).isTrue();
        assertThat(Files.readString(dir.resolve("real-summary.md"))).contains("| computed | 2 |");
    }
}
