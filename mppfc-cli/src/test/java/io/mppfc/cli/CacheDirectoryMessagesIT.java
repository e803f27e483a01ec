package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --cache} that cannot be a cache root is said as what it is (missing, a file, a link to
 * nothing), the same in every command, in one line with exit 2, and nothing is made for it.
 */
@Timeout(180)
class CacheDirectoryMessagesIT {

    @TempDir
    Path dir;

    private CliProcess.Result get(String cache) throws Exception {
        return CliProcess.run(dir, "get", "--function", Grid.class.getName() + "::twice", "--classpath",
                CliProcess.FIXTURES, "--cache", cache, "--args", "[1]");
    }

    private static void assertOneLine(CliProcess.Result r, String says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says);
    }

    @Test
    void aMissingCacheIsSaidAlikeByStatusAndGet() throws Exception {
        String missing = dir.toRealPath().resolve("nowhere") + " does not exist";

        assertOneLine(CliProcess.run(dir, "status", "--cache", "nowhere"), missing);
        assertOneLine(get("nowhere"), missing);
        assertThat(dir.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aFileIsSaidToBeAFile() throws Exception {
        Files.writeString(dir.resolve("notes"), "mine");
        String file = dir.toRealPath().resolve("notes") + " is a file, not a cache directory";

        assertOneLine(CliProcess.run(dir, "ls", "--cache", "notes"), file);
        assertOneLine(get("notes"), file);
        assertThat(Files.readString(dir.resolve("notes"))).isEqualTo("mine");
    }

    @Test
    void prewarmIntoALinkToNothingIsBadInputAndMakesNothing() throws Exception {
        Path target = dir.resolve("gone");
        Files.createSymbolicLink(dir.resolve("c"), target);
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");

        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::twice",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1");

        assertOneLine(r, "--cache: " + dir.toRealPath().resolve("c") + " is a link to " + target
                + ", which does not exist (create that directory, or remove the link)");
        assertThat(r.out()).isEmpty();
        assertThat(target).doesNotExist();
    }
}
