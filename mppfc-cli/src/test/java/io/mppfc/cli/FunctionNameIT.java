package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function named as ls and status print it (a dotted directory name) where CLASS::METHOD is
 * taken: one line with the CLASS::METHOD it means, naming the option that was wrong.
 */
@Timeout(180)
class FunctionNameIT {

    @TempDir
    Path dir;

    private static void assertOneLine(CliProcess.Result r, String says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says);
    }

    @Test
    void aDottedFunctionNameSuggestsTheMethodReference() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "get", "--function", Grid.class.getName() + ".twice", "--classpath",
                CliProcess.FIXTURES, "--args", "[1]");

        assertOneLine(r, "--function: \"" + Grid.class.getName() + ".twice\" is not CLASS::METHOD, "
                + "e.g. com.acme.Physics::slow (did you mean " + Grid.class.getName() + "::twice?)");
    }

    @Test
    void aDottedGeneratorIsSaidOfArgsFrom() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy",
                "--classpath", CliProcess.FIXTURES, "--args-from", Grid.class.getName() + ".points", "--cache", "c");

        assertOneLine(r, "--args-from: \"" + Grid.class.getName() + ".points\" is not CLASS::METHOD");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void aJdkMethodWhoseCodeCannotBeFingerprintedNamesTheCommandLinesOptions() throws Exception {
        Files.createDirectory(dir.resolve("c"));
        CliProcess.Result r = CliProcess.run(dir, "get", "--function", "java.lang.Math::sqrt", "--args", "[2.0]",
                "--cache", "c");

        assertOneLine(r, "mppfc get: --function: the class file of java.lang.Math cannot be read to fingerprint its code");
        assertThat(r.err()).contains("--no-code-tracking", "--key-version").doesNotContain("trackCode(", "version(\"",
                "ClassLoader");
    }

    @Test
    void aJdkMethodIsSaidAlikeByPrewarm() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[2.0]\n");
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", "java.lang.Math::sqrt", "--args",
                "grid.jsonl", "--cache", "c", "--workers", "1");

        assertOneLine(r, "mppfc prewarm: --function: the class file of java.lang.Math cannot be read");
        assertThat(r.err()).contains("--no-code-tracking").doesNotContain("trackCode(", "ClassLoader");
    }

    @Test
    void tooFewArgumentsAreCountedInWords() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1.5]\n");
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c");

        assertOneLine(r, "line 1: 1 argument, but " + Grid.class.getName() + "::energy(double,int) takes 2");
    }
}
