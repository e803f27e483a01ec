package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code get} of arguments whose computation failed says so, with the exception, rather than only
 * "no cached result"; it still exits 1 and changes nothing.
 */
@Timeout(180)
class GetOfAFailureIT {

    @TempDir
    Path dir;

    private static final String PICKY = Grid.class.getName() + "::picky";

    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted().map(p -> p + " " + p.toFile().length() + " " + p.toFile().lastModified()).toList();
        }
    }

    @Test
    void aRecordedFailureIsNamedWithItsExceptionAndNothingChanges() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[-2]\n");
        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", PICKY, "--classpath",
                CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1");
        assertThat(prewarm.exitCode()).as(prewarm.all()).isEqualTo(1);
        List<String> before = tree(dir.resolve("c"));

        CliProcess.Result get = CliProcess.run(dir, "get", "--function", PICKY, "--classpath", CliProcess.FIXTURES,
                "--args", "[-2]", "--cache", "c");

        assertThat(get.exitCode()).as(get.all()).isEqualTo(1);
        assertThat(get.err().strip().lines()).as(get.all()).hasSize(1);
        assertThat(get.err()).as(get.all()).contains("no cached result",
                "; it failed when computed: java.lang.IllegalArgumentException: negative input -2",
                "(mppfc failures --cache c --function " + Grid.class.getName() + ".picky shows it with its trace)");
        assertThat(tree(dir.resolve("c"))).isEqualTo(before);
    }

    @Test
    void aMissWithoutAFailureSaysOnlyThatItIsNotCached() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");
        CliProcess.run(dir, "prewarm", "--function", PICKY, "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl",
                "--cache", "c", "--workers", "1");

        CliProcess.Result get = CliProcess.run(dir, "get", "--function", PICKY, "--classpath", CliProcess.FIXTURES,
                "--args", "[3]", "--cache", "c");

        assertThat(get.exitCode()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).as(get.all()).contains("no cached result").doesNotContain("failed");
    }
}
