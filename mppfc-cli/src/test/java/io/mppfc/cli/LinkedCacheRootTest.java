package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands take a cache root that is a link to one, as the program that wrote it did. */
class LinkedCacheRootTest {

    @TempDir
    Path dir;

    private Path linkedCache() throws Exception {
        Path real = dir.resolve("scratch/cache");
        try (var twice = Mppfc.cache(Grid::twice).path(real).build()) {
            for (long i = 0; i < 5; i++) {
                twice.apply(i);
            }
        }
        return Files.createSymbolicLink(dir.resolve("cache-link"), real);
    }

    @Test
    void statusAndLsReadACacheThroughItsLink() throws Exception {
        Path link = linkedCache();
        CliProcess.Result status = CliInProcess.run("status", "--cache", link.toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains(Grid.class.getName() + ".twice");
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", link.toString(), "--function", Grid.class.getName() + ".twice");
        assertThat(ls.out().lines()).as(ls.all()).hasSize(5);
    }

    @Test
    void verifyPackAndGcRunOnACacheThroughItsLink() throws Exception {
        Path link = linkedCache();
        for (String[] command : new String[][] {{"verify"}, {"pack"}, {"gc", "--older-than", "30d"}}) {
            String[] args = new String[command.length + 2];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--cache";
            args[command.length + 1] = link.toString();
            CliProcess.Result r = CliInProcess.run(args);
            assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.all()).isZero();
        }
        assertThat(Files.isSymbolicLink(link)).as("the link stays a link").isTrue();
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", link.toString(), "--function", Grid.class.getName() + ".twice");
        assertThat(ls.out().lines()).as(ls.all()).hasSize(5);
    }
}
