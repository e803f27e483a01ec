package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person types wrong at the command line, through the real jar: one line naming the word
 * and the nearest right one, in their terms, never picocli's ("Unmatched argument at index 0").
 */
@Timeout(180)
class CommandTyposIT {

    @TempDir
    Path dir;

    private static void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).as(r.all()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says).doesNotContain("Unmatched", "index", "Unknown options");
    }

    @Test
    void aMisspeltCommandNamesTheNearestCommand() throws Exception {
        assertOneLine(CliProcess.run(dir, "stats", "--cache", ".cache"),
                "mppfc: stats is not a command (did you mean status?); the commands: prewarm, status");
    }

    @Test
    void aMisspeltOptionNamesTheNearestOption() throws Exception {
        assertOneLine(CliProcess.run(dir, "status", "--cahce", ".cache"),
                "mppfc status: unknown option --cahce (did you mean --cache?)");
    }

    @Test
    void aValueWithoutItsOptionSaysSo() throws Exception {
        assertOneLine(CliProcess.run(dir, "status", ".cache"),
                "mppfc status: .cache is given without an option: put the name of the option it is for before it");
    }

    @Test
    void helpOfACommandThatDoesNotExistListsTheCommands() throws Exception {
        assertOneLine(CliProcess.run(dir, "help", "stats"), "stats is not a command; the commands: prewarm, status");
    }

    @Test
    void helpOfACommandShowsItsUsage() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "help", "gc");

        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).as(r.all()).startsWith("Usage: mppfc gc").contains("--max-size");
    }
}
