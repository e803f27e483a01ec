package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache the commands may not write (a read-only mount, an immutable directory, another user's):
 * the command that fails says which command it is and what the file system said, in words, with
 * absolute paths; never a Java exception's class name.
 */
@Timeout(180)
class UnwritableCacheIT {

    @TempDir
    Path dir;

    private final List<Path> frozen = new ArrayList<>();

    /**
     * Makes a directory unwritable even for root where it can (chattr +i), else by its mode; false
     * when neither holds here.
     */
    private boolean freeze(Path directory) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Process chattr = new ProcessBuilder("chattr", "+i", directory.toString()).redirectErrorStream(true).start();
            chattr.getInputStream().readAllBytes();
            if (!chattr.waitFor(30, TimeUnit.SECONDS) || chattr.exitValue() != 0) {
                return false;
            }
        } else {
            directory.toFile().setWritable(false, false);
        }
        frozen.add(directory);
        try {
            Files.delete(Files.createFile(directory.resolve("probe")));
            return false;
        } catch (java.io.IOException expected) {
            return true;
        }
    }

    @AfterEach
    void thaw() throws Exception {
        for (Path directory : frozen) {
            new ProcessBuilder("chattr", "-i", directory.toString()).start().waitFor(30, TimeUnit.SECONDS);
            directory.toFile().setWritable(true, true);
        }
    }

    private Path cacheWithAFailure() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[-2]\n[1]\n");
        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1");
        assertThat(prewarm.exitCode()).as(prewarm.all()).isEqualTo(1);
        return CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".picky");
    }

    @Test
    void failuresClearNamesItselfAndTheRecordsDirectory() throws Exception {
        Path function = cacheWithAFailure();
        assumeTrue(freeze(function.resolve("failures")), "cannot make a directory unwritable here");

        CliProcess.Result r = CliProcess.run(dir, "failures", "clear", "--cache", "c");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).startsWith("mppfc failures clear: cannot remove the failure records in "
                + function.toRealPath().resolve("failures") + ": ");
    }

    @Test
    void clearOfAnUnwritableRootSaysWhatTheFileSystemSaidInWords() throws Exception {
        cacheWithAFailure();
        assumeTrue(freeze(dir.resolve("c")), "cannot make a directory unwritable here");

        CliProcess.Result r = CliProcess.run(dir, "clear", "--cache", "c", "--function", Grid.class.getName() + ".picky",
                "--yes");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).startsWith("mppfc clear: cannot clear").contains("nothing was deleted")
                .doesNotContain("java.nio", "Exception");
    }
}
