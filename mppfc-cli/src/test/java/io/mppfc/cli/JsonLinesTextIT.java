package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argument text that is not JSON, through the real jar: one line in words about the text (what is
 * missing, what JSON does not have), never the parser's ({@code code 35}, {@code close marker},
 * {@code was expecting (JSON String, Number, ...)}); exit 2, no cache made.
 */
@Timeout(180)
class JsonLinesTextIT {

    @TempDir
    Path dir;

    private static final String TWICE = Grid.class.getName() + "::twice";

    private CliProcess.Result prewarm(byte[] file) throws Exception {
        Files.write(dir.resolve("grid.jsonl"), file);
        return CliProcess.run(dir, "prewarm", "--function", TWICE, "--classpath", CliProcess.FIXTURES, "--args",
                "grid.jsonl", "--cache", "c", "--workers", "1");
    }

    private CliProcess.Result get(String json) throws Exception {
        return CliProcess.run(dir, "get", "--function", TWICE, "--classpath", CliProcess.FIXTURES, "--cache", "c",
                "--args", json);
    }

    private void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says).doesNotContain("(code ", "marker", "was expecting",
                "Unexpected", "Unrecognized", "JSON missing", "token");
        assertThat(Files.exists(dir.resolve("c"))).isFalse();
    }

    @Test
    void aFileStartingWithAByteOrderMarkIsRead() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] lines = "[1]\n[2]\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bom.length + lines.length];
        System.arraycopy(bom, 0, file, 0, bom.length);
        System.arraycopy(lines, 0, file, bom.length, lines.length);

        CliProcess.Result r = prewarm(file);

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all()).contains("2 computed");
    }

    @Test
    void aCommentLineSaysJsonHasNoComments() throws Exception {
        assertOneLine(prewarm("# the grid\n[1]\n".getBytes(StandardCharsets.UTF_8)), "grid.jsonl line 1, column 1",
                "unexpected '#': a comment? JSON has no comments");
    }

    @Test
    void anUnclosedArraySaysWhatIsMissing() throws Exception {
        assertOneLine(prewarm("[1]\n[2\n".getBytes(StandardCharsets.UTF_8)), "grid.jsonl line 2",
                "the line ends before the array is closed: a ] is missing");
    }

    @Test
    void aBareWordSaysStringsAreQuoted() throws Exception {
        assertOneLine(get("[abc]"), "abc is not a JSON value: a string is written in quotes");
    }

    @Test
    void argumentsWithoutTheirArraySayTheyGoInOneArray() throws Exception {
        assertOneLine(get("1, 2"), "the arguments go in one array, such as [1.5, 3]");
    }

    @Test
    void anEmptyFileIsNothingToComputeAndSaysSo() throws Exception {
        CliProcess.Result r = prewarm("\n\n".getBytes(StandardCharsets.UTF_8));

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err().strip().lines()).as(r.all()).containsExactly("mppfc prewarm: warning: grid.jsonl holds no "
                + "argument tuples (no line with an array): nothing to compute");
    }

    @Test
    void aDashForStandardInputSaysWhatReadsIt() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", "-", "--cache", "c");

        assertOneLine(r, "--args: - does not exist; to read the tuples from standard input, give --args /dev/stdin");
    }

    @Test
    void theJsonItselfGivenToPrewarmSaysThatPrewarmTakesAFile() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", "[2]", "--cache", "c");

        assertOneLine(r, "--args: [2] does not exist; here --args names a file of JSON Lines, one array of arguments "
                + "per line: write [2] into a file, or pipe it with --args /dev/stdin");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void anEmptyArgsSaysNothingWasGiven() throws Exception {
        assertOneLine(get(""), "expected a JSON array of arguments", "got nothing");
    }
}
