package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --fail-fast}: once the first failure is known, nothing more starts, not even a task the
 * worker would have held ahead (a worker that runs fast tasks holds dozens).
 */
@Timeout(180)
class FailFastIT {

    @TempDir
    Path dir;

    @Test
    void aWorkerStartsNoTaskAfterTheFirstFailure() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            lines.add("[" + i + "]"); // fast successes: the worker is given jobs ahead
        }
        for (int i = 1; i <= 10; i++) {
            lines.add("[" + -i + "]"); // each would fail in microseconds
        }
        Files.write(dir.resolve("grid.jsonl"), lines);

        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1",
                "--fail-fast");

        assertThat(prewarm.exitCode()).as(prewarm.all()).isEqualTo(1);
        assertThat(prewarm.out()).as(prewarm.all()).contains("40 computed, 0 already cached, 1 failed, 9 not run");
        assertThat(prewarm.out().lines().filter(l -> l.startsWith("  FAILED"))).as(prewarm.all())
                .containsExactly("  FAILED [-1]: java.lang.IllegalArgumentException: negative input -1");
        CliProcess.Result failures = CliProcess.run(dir, "failures", "--cache", "c");
        assertThat(failures.out()).as(failures.all()).contains("1 recorded failure");
    }

    @Test
    void aFailureKnownFromAnEarlierRunDoesNotStopTheRun() throws Exception {
        Files.write(dir.resolve("first.jsonl"), List.of("[-1]"));
        CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--args", "first.jsonl", "--cache", "c", "--workers", "1");
        Files.write(dir.resolve("grid.jsonl"), List.of("[-1]", "[1]", "[2]"));

        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1",
                "--fail-fast", "--skip-failed");

        assertThat(prewarm.exitCode()).as(prewarm.all()).isZero();
        assertThat(prewarm.out()).as(prewarm.all()).contains("2 computed, 0 already cached, 1 failed");
    }
}
