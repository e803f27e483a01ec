package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call in a message is written as Java source writes it ({@code f("a b")}), and a tuple in
 * prewarm's list as {@code ls} and {@code failures} print it: a string is quoted, so {@code "a b"}
 * is not read as two arguments and an empty string is seen.
 */
@Timeout(180)
class CallsAsSourceIT {

    @TempDir
    Path dir;

    @Test
    void aMissNamesItsStringArgumentInQuotes() throws Exception {
        Files.writeString(dir.resolve("words.jsonl"), "[\"x\"]\n");
        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::length",
                "--classpath", CliProcess.FIXTURES, "--args", "words.jsonl", "--cache", "c", "--workers", "1");
        assertThat(prewarm.exitCode()).as(prewarm.all()).isZero();

        CliProcess.Result get = CliProcess.run(dir, "get", "--function", Grid.class.getName() + "::length",
                "--classpath", CliProcess.FIXTURES, "--args", "[\"a b\"]", "--cache", "c");

        assertThat(get.exitCode()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).as(get.all())
                .contains("no cached result of " + Grid.class.getName() + ".length(\"a b\") (looked for /");
    }

    @Test
    void prewarmListsAFailedTupleWithItsStringQuoted() throws Exception {
        Files.writeString(dir.resolve("words.jsonl"), "[\"a b\"]\n");

        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::hostile",
                "--classpath", CliProcess.FIXTURES, "--args", "words.jsonl", "--cache", "c", "--workers", "1");

        assertThat(prewarm.exitCode()).as(prewarm.all()).isEqualTo(1);
        assertThat(prewarm.out()).as(prewarm.all())
                .contains("  FAILED [\"a b\"]: java.lang.IllegalArgumentException: a b");
    }
}
