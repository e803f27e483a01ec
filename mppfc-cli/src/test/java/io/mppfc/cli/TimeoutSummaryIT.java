package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tasks past {@code --task-timeout} are said in one line per run, how many and which first; the report has each. */
@Timeout(180)
class TimeoutSummaryIT {

    @TempDir
    Path dir;

    @Test
    void timeoutsAreOneSummaryLineAndEachIsInTheReport() throws Exception {
        Files.write(dir.resolve("grid.jsonl"), List.of("[30.0]", "[31.0]", "[32.0]"));

        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::slow",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1",
                "--task-timeout", "1s", "--report", "report.json");

        assertThat(prewarm.exitCode()).as(prewarm.all()).isEqualTo(1);
        assertThat(prewarm.err()).as(prewarm.all()).doesNotContain("killed");
        assertThat(prewarm.all().lines().filter(l -> l.contains("task timeout"))).as(prewarm.all())
                .containsExactly("  TIMED OUT 3 tasks, the first [30.0]: the task ran longer than the task timeout of "
                        + "1s and its worker was killed (--report lists every one)");
        JsonNode failures = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("failures");
        assertThat(failures).hasSize(3).allSatisfy(f -> assertThat(f.get("kind").asText()).isEqualTo("timeout"));
    }
}
