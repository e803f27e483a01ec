package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's directory inside a cache whose {@code layout} file is not an mppfc layout record is not a
 * function directory: cache-wide commands skip it and still serve the real functions.
 */
class StrayLayoutFileTest {

    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void cacheWithAStrayDirectory() throws Exception {
        root = dir.resolve("c");
        try (var picky = Mppfc.cache(Grid::picky).path(root).build()) {
            for (int i = 0; i < 5; i++) {
                picky.apply(i);
            }
        }
        Files.createDirectories(root.resolve("src"));
        Files.writeString(root.resolve("src/layout"), "my layout notes");
    }

    private void assertStrayUntouched() {
        assertThat(root.resolve("src/layout")).hasContent("my layout notes");
        assertThat(root.resolve("src")).isDirectoryContaining(p -> p.getFileName().toString().equals("layout"));
    }

    @Test
    void statusReportsTheRealFunctionAndSkipsTheStrayDirectory() {
        CliProcess.Result r = CliInProcess.run("status", "--cache", root.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("picky").doesNotContain("my layout notes");
        assertStrayUntouched();
    }

    @Test
    void verifyChecksTheRealFunctionAndLeavesTheStrayDirectoryAlone() {
        CliProcess.Result r = CliInProcess.run("verify", "--cache", root.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("verified 5 entries of 1 function: 0 damaged");
        assertThat(r.all()).doesNotContain("my layout notes");
        assertStrayUntouched();
    }

    @Test
    void packPacksTheRealFunctionAndLeavesTheStrayDirectoryAlone() {
        CliProcess.Result r = CliInProcess.run("pack", "--cache", root.toString());
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("my layout notes");
        assertThat(root.resolve("src/packs")).doesNotExist();
        assertStrayUntouched();
    }

    @Test
    void gcCollectsTheRealFunctionAndLeavesTheStrayDirectoryAlone() {
        CliProcess.Result r = CliInProcess.run("gc", "--cache", root.toString(), "--max-size", "1M");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("my layout notes");
        assertStrayUntouched();
    }

    @Test
    void namingTheStrayDirectoryIsRefusedInOneLine() {
        CliProcess.Result r = CliInProcess.run("clear", "--cache", root.toString(), "--function", "src", "--yes");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains("is not an mppfc function directory");
        assertStrayUntouched();
    }
}
