package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Grid;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc --max-size} below what the cache holds besides its entries says so, and keeps every entry. */
class GcBoundOutOfReachTest {

    @TempDir
    Path dir;

    @Test
    void aBoundAPlantedFileAloneExceedsKeepsEveryEntryAndSaysSoInOneLine() throws Exception {
        Path root = dir.resolve("c");
        try (var twice = Mppfc.cache(Grid::twice).path(root).build()) {
            for (long i = 0; i < 30; i++) {
                twice.apply(i);
            }
        }
        Path function;
        try (Stream<Path> functions = Files.list(root)) {
            function = functions.filter(p -> p.getFileName().toString().contains("twice")).findFirst().orElseThrow();
        }
        Path packs = Files.createDirectories(function.resolve("packs"));
        try (RandomAccessFile f = new RandomAccessFile(packs.resolve("pack-000000000000-dddddddddddddddd.mpk").toFile(), "rw")) {
            f.setLength(20L << 30); // sparse: 20 GiB by its size, nothing on disk
        }

        CliProcess.Result r = CliInProcess.run("gc", "--cache", root.toString(), "--max-size", "1M");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).as(r.all()).contains("0 evicted");
        assertThat(r.err().lines().filter(l -> l.startsWith("mppfc gc:"))).as(r.all()).singleElement()
                .satisfies(l -> assertThat(l).contains("--max-size 1.0 MiB cannot be met", "none was evicted"));
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", root.toString(), "--function", Grid.class.getName() + ".twice");
        assertThat(ls.out().lines()).as(ls.all()).hasSize(30);
    }
}
