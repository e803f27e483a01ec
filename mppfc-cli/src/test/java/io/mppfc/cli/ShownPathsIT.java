package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.DamagedPacks;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command names the files of a cache given as a relative {@code --cache} by their absolute
 * paths, whatever the kind of file, as the library and {@code get} always did (DESIGN.md, "Paths
 * in messages"). And no message advises the command that printed it.
 */
@Timeout(180)
class ShownPathsIT {

    @TempDir
    Path dir;

    private Path function;

    @BeforeEach
    void fillAndPackACache() throws Exception {
        function = PickyCache.packed(dir);
    }

    /** Flips a byte of the pack's header checksum: the whole pack is damaged. */
    private Path damagedPack() throws Exception {
        Path pack = DamagedPacks.onlyPack(function).toAbsolutePath();
        byte[] bytes = Files.readAllBytes(pack);
        bytes[bytes.length - 5] ^= (byte) 0xff;
        bytes[bytes.length / 2] ^= (byte) 0xff;
        Files.write(pack, bytes);
        return pack;
    }

    /** Every file name a line holds: every word with a slash. */
    private static List<String> paths(String text) {
        return Stream.of(text.split("[\\s(),;]+")).filter(w -> w.contains("/") && w.contains("c/")).toList();
    }

    private static void assertEveryPathIsAbsolute(CliProcess.Result run) {
        assertThat(paths(run.all())).as(run.all()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("/"));
    }

    @Test
    void statusNamesADamagedPackByItsAbsolutePath() throws Exception {
        Path pack = damagedPack();
        CliProcess.Result status = CliProcess.run(dir, "status", "--cache", "c");
        assertThat(status.err()).contains(pack.toString());
        assertEveryPathIsAbsolute(status);
    }

    @Test
    void statusNamesADamagedBatchPackByItsAbsolutePath() throws Exception {
        // generation 0: the name a worker's batch pack has
        Path batch = function.resolve("packs").resolve("pack-000000000000-bbbbbbbbbbbbbbbb.mpk");
        Files.write(batch, new byte[5000]);
        CliProcess.Result status = CliProcess.run(dir, "status", "--cache", "c");
        assertThat(status.err()).contains(batch.toString());
        assertEveryPathIsAbsolute(status);
    }

    @Test
    void lsNamesADamagedPackByItsAbsolutePath() throws Exception {
        Path pack = damagedPack();
        CliProcess.Result ls = CliProcess.run(dir, "ls", "--cache", "c", "--function", Grid.class.getName() + "::picky");
        assertThat(ls.err()).contains(pack.toString());
        assertEveryPathIsAbsolute(ls);
    }

    @Test
    void verifyNamesADamagedPackAndItsQuarantineByAbsolutePaths() throws Exception {
        Path pack = damagedPack();
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.out()).contains("DAMAGED " + pack);
        assertEveryPathIsAbsolute(verify);
    }

    @Test
    void verifyNamesADamagedLooseEntryByItsAbsolutePath() throws Exception {
        Path entry = looseEntries(20).get(0);
        Files.write(entry, new byte[] {1, 2, 3});
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.out()).contains("DAMAGED " + entry);
        assertEveryPathIsAbsolute(verify);
    }

    @Test
    void verifyNamesADamagedFailureRecordByItsAbsolutePath() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> picky = Mppfc.cache(Grid::picky).path(dir.resolve("c")).build()) {
            picky.startWorkers(1);
            picky.submit(-1);
            picky.awaitAll();
        }
        List<Path> records;
        try (Stream<Path> files = Files.walk(function.resolve("failures"))) {
            records = files.filter(Files::isRegularFile).toList();
        }
        assertThat(records).isNotEmpty();
        Files.write(records.get(0), new byte[] {9, 9, 9});
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.out()).contains("DAMAGED " + records.get(0).toAbsolutePath());
        assertEveryPathIsAbsolute(verify);
    }

    @Test
    void getNamesAMissingCacheByItsAbsolutePath() throws Exception {
        CliProcess.Result get = CliProcess.run(dir, "get", "--cache", "nowhere", "--function",
                Grid.class.getName() + "::picky", "--classpath", CliProcess.FIXTURES, "--args", "[3]");
        assertThat(get.exitCode()).as(get.all()).isEqualTo(2);
        assertThat(get.err()).contains(dir.toRealPath().resolve("nowhere") + " does not exist");
    }

    @Test
    void verifyOfADamagedPackNeverAdvisesVerify() throws Exception {
        damagedPack();
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        // its own lines begin "mppfc verify:"; advice would name it as a command to run
        assertThat(verify.all()).contains("DAMAGED").doesNotContainPattern("mppfc verify(?!: )");
    }

    @Test
    void verifyOfMoreDamagedEntriesThanItWarnsAboutNeverAdvisesVerify() throws Exception {
        for (Path entry : looseEntries(130)) {
            Files.write(entry, new byte[] {1, 2, 3});
        }
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        assertThat(verify.out()).contains("130 damaged");
        assertThat(verify.all()).doesNotContainPattern("mppfc verify(?!: )");
    }

    /** {@code count} loose entries besides the packed ones, written by the library. */
    private List<Path> looseEntries(int count) throws Exception {
        PickyCache.fill(dir, 1000, 1000 + count);
        try (Stream<Path> files = Files.walk(function)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{16,}"))
                    .map(Path::toAbsolutePath).toList();
        }
    }
}
