package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One prefix rule for every error line: the command's name ({@code mppfc prewarm:}, {@code mppfc
 * failures clear:}), whether the error is bad usage, bad input or a failure; {@code mppfc:} alone
 * only where no command was given.
 */
class ErrorPrefixTest {

    @TempDir
    Path dir;

    private static void assertOneLineStartingWith(CliProcess.Result r, String prefix) {
        assertThat(r.exitCode()).as(r.all()).isNotZero();
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1).first()
                .satisfies(line -> assertThat(line).startsWith(prefix));
    }

    @Test
    void aCacheThatDoesNotExistIsSaidUnderTheNameOfEachCommand() {
        String missing = dir.resolve("nowhere").toString();
        for (List<String> command : List.of(List.of("status"), List.of("ls"), List.of("verify"), List.of("gc"),
                List.of("pack"), List.of("failures"), List.of("failures", "clear"))) {
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--cache", missing))
                    .toArray(String[]::new);
            assertOneLineStartingWith(CliInProcess.run(args), "mppfc " + String.join(" ", command) + ": ");
        }
    }

    @Test
    void aBadWorkerCountIsSaidUnderPrewarmsName() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");
        CliProcess.Result r = CliInProcess.run("prewarm", "--function", io.mppfc.cli.fixtures.Grid.class.getName()
                + "::twice", "--classpath", CliProcess.FIXTURES, "--args", dir.resolve("grid.jsonl").toString(),
                "--cache", dir.resolve("c").toString(), "--workers", "0.5x");

        assertOneLineStartingWith(r, "mppfc prewarm: --workers: ");
    }

    @Test
    void aDirectoryThatIsNotACacheIsSaidUnderTheCommandsName() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertOneLineStartingWith(CliInProcess.run("verify", "--cache", dir.toString()), "mppfc verify: ");
    }

    @Test
    void onlyALineWithoutACommandStartsWithMppfcAlone() {
        assertOneLineStartingWith(CliInProcess.run("stats"), "mppfc: stats is not a command");
    }
}
