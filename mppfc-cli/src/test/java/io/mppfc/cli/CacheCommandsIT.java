package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** status, ls, get, verify, gc and clear on a real cache, through the real jar. */
@Timeout(120)
class CacheCommandsIT {

    @TempDir
    Path dir;

    private Path function;

    @BeforeEach
    void fillACache() {
        function = PickyCache.fill(dir, 0, 20);
    }

    @Test
    void statusAndLsDescribeTheCache() throws Exception {
        CliProcess.Result status = CliProcess.run(dir, "status", "--cache", "c");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains(Grid.class.getName() + ".picky").containsPattern("picky\\s+20\\s+0\\s");
        CliProcess.Result ls = CliProcess.run(dir, "ls", "--cache", "c");
        assertThat(ls.out().strip()).isEqualTo(Grid.class.getName() + ".picky");
        CliProcess.Result entries = CliProcess.run(dir, "ls", "--cache", "c", "--function", Grid.class.getName() + "::picky");
        assertThat(entries.out().lines()).hasSize(20).allMatch(l -> l.matches("[0-9a-f]{64} .* loose +\\[\\d+\\]"))
                .anyMatch(l -> l.endsWith(" [7]"));
        CliProcess.Result json = CliProcess.run(dir, "ls", "--cache", "c", "--function", Grid.class.getName() + "::picky",
                "--json");
        assertThat(json.out().lines()).hasSize(20).allMatch(l -> l.matches(
                "\\{\"key\": \"[0-9a-f]{64}\", \"arguments\": \\[\\d+\\], \"size\": \\d+, .*\"packed\": false, \"codeVersion\": \"[0-9a-f]{16}\"\\}"));
    }

    @Test
    void statusShowsEachCodeVersionAndGcKeepsOnlyTheOnesTheLatestRunsUsed() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> untracked = Mppfc.cache(Grid::picky).path(dir.resolve("c"))
                .trackCode(false).build()) {
            untracked.apply(1);
            Files.setLastModifiedTime(function.resolve("last-used"), FileTime.from(Instant.now().minusSeconds(3600)));
        }
        String version = function.getFileName().toString().split("@")[1];
        String status = CliProcess.run(dir, "status", "--cache", "c").out();
        assertThat(status).containsPattern("picky\\s+21\\s+0\\s")
                .containsPattern("\n  untracked \\(last run\\)\\s+1\\s+0\\s")
                .containsPattern("\n  code " + version + "\\s+20\\s+0\\s");

        CliProcess.Result refused = CliProcess.run(dir, "gc", "--cache", "c", "--keep-code-versions", "0");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--keep-code-versions: keep at least 1");
        CliProcess.Result gc = CliProcess.run(dir, "gc", "--cache", "c", "--keep-code-versions", "1");
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("1 older code version removed (20 entries");
        assertThat(function).doesNotExist();
        assertThat(CacheInventory.functionDirectories(dir.resolve("c"))).map(d -> d.getFileName().toString())
                .containsExactly(Grid.class.getName() + ".picky");
    }

    @Test
    void getPrintsACachedValueAndExits1OnAMiss() throws Exception {
        CliProcess.Result hit = CliProcess.run(dir, "get", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--args", "[7]");
        assertThat(hit.exitCode()).as(hit.all()).isZero();
        assertThat(hit.out().strip()).isEqualTo("7");
        CliProcess.Result miss = CliProcess.run(dir, "get", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--args", "[700]");
        assertThat(miss.exitCode()).isEqualTo(1);
        assertThat(miss.err()).contains("no cached result of " + Grid.class.getName() + ".picky(700)");
    }

    @Test
    void verifyFindsADamagedEntryAndQuarantinesIt() throws Exception {
        assertThat(CliProcess.run(dir, "verify", "--cache", "c").exitCode()).isZero();
        Path victim = CacheInventory.entries(function).get(3).path();
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length - 6] ^= 0x40; // in the payload: only the checksum can tell
        Files.write(victim, bytes);
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("DAMAGED").contains("checksum").contains("20 entries").contains("1 damaged");
        assertThat(victim).doesNotExist();
        assertThat(function.resolve(".quarantine")).isDirectoryContaining(p -> true);
        assertThat(CliProcess.run(dir, "verify", "--cache", "c").exitCode()).isZero();
    }

    @Test
    void gcEvictsTheLeastRecentlyUsedDownToTheSpaceOnDiskAndPacksTheRest() throws Exception {
        List<CacheInventory.Entry> entries = CacheInventory.entries(function);
        Instant old = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < entries.size(); i++) {
            Files.setLastModifiedTime(entries.get(i).path(), FileTime.from(old.plusSeconds(i)));
        }
        // gc judges the size packed: a bound below the packed size is one that evicts
        assertThat(CliProcess.run(dir, "pack", "--cache", "c").exitCode()).isZero();
        long packedSize = CacheInventory.summarize(function).diskBytes();
        long bound = packedSize - 1;
        CliProcess.Result gc = CliProcess.run(dir, "gc", "--cache", "c", "--max-size", Long.toString(bound));
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        CacheInventory.FunctionSummary after = CacheInventory.summarize(function);
        assertThat(after.diskBytes()).as("evicted records free their bytes; a pack's last block stays whole")
                .isLessThanOrEqualTo(bound + 4096);
        assertThat(after.looseEntries()).as("what is left is packed").isZero();
        long kept = after.packedEntries();
        assertThat(kept).isBetween(1L, 19L);
        assertThat(gc.out()).contains((20 - kept) + " evicted");
        assertThat(CacheInventory.packedEntries(function)).extracting(CacheInventory.Entry::key)
                .containsExactlyInAnyOrderElementsOf(entries.subList(20 - (int) kept, 20).stream()
                        .map(CacheInventory.Entry::key).toList());

        CliProcess.Result old30 = CliProcess.run(dir, "gc", "--cache", "c", "--older-than", "0s");
        assertThat(old30.out()).as("packed entries, each by its own last use").contains(kept + " evicted");
        assertThat(CliProcess.run(dir, "gc", "--cache", "c").exitCode()).isEqualTo(2);
    }

    @Test
    void gcOlderThanAfterPackEvictsThePackedEntriesUnusedForThatLong() throws Exception {
        List<CacheInventory.Entry> entries = CacheInventory.entries(function);
        for (int i = 0; i < 10; i++) {
            Files.setLastModifiedTime(entries.get(i).path(), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        }
        assertThat(CliProcess.run(dir, "pack", "--cache", "c").exitCode()).isZero();

        CliProcess.Result gc = CliProcess.run(dir, "gc", "--cache", "c", "--older-than", "30d");

        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("20 entries scanned, 10 evicted");
        assertThat(CacheInventory.packedEntries(function)).extracting(CacheInventory.Entry::key)
                .containsExactlyInAnyOrderElementsOf(entries.subList(10, 20).stream()
                        .map(CacheInventory.Entry::key).toList());
    }

    @Test
    void gcHelpSaysWhatKeepCodeVersionsKeepsAndThatItPacksNothing() throws Exception {
        String help = CliProcess.run(dir, "gc", "--help").out().replaceAll("\\s+", " ");

        assertThat(help).contains("a running program or worker has open").contains("nothing is packed");
    }

    @Test
    void packGathersTheEntriesIntoOneFileThatStatusLsGetAndVerifyRead() throws Exception {
        CliProcess.Result pack = CliProcess.run(dir, "pack", "--cache", "c");
        assertThat(pack.exitCode()).as(pack.all()).isZero();
        assertThat(pack.out()).contains("20 entries in 1 pack (20 loose files gathered");
        assertThat(CliProcess.run(dir, "status", "--cache", "c").out()).containsPattern("picky\\s+0\\s+20\\s");
        assertThat(CliProcess.run(dir, "ls", "--cache", "c", "--function", Grid.class.getName() + "::picky").out().lines())
                .hasSize(20).allMatch(l -> l.matches("[0-9a-f]{64} .* packed +\\[\\d+\\]"));
        CliProcess.Result hit = CliProcess.run(dir, "get", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--args", "[7]");
        assertThat(hit.out().strip()).as(hit.all()).isEqualTo("7");
        assertThat(CliProcess.run(dir, "verify", "--cache", "c").out()).contains("verified 20 entries");
        assertThat(CliProcess.run(dir, "pack", "--cache", "c").out()).contains("nothing to pack");
    }

    @Test
    void clearAsksUnlessToldYes() throws Exception {
        CliProcess.Result refused = CliProcess.run(dir, "clear", "--cache", "c", "--function", Grid.class.getName() + ".picky");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--yes");
        assertThat(function).exists();
        CliProcess.Result cleared = CliProcess.run(dir, "clear", "--cache", "c", "--function",
                Grid.class.getName() + ".picky", "--yes");
        assertThat(cleared.exitCode()).isZero();
        assertThat(cleared.out()).contains("deleted").contains("20 entries");
        assertThat(function).doesNotExist();
        CliProcess.Result escape = CliProcess.run(dir, "clear", "--cache", "c", "--function", "../c", "--yes");
        assertThat(escape.exitCode()).isEqualTo(2);
        assertThat(dir.resolve("c")).exists();
    }

    @Test
    void helpAndVersion() throws Exception {
        CliProcess.Result help = CliProcess.run(dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("prewarm").contains("verify").contains("Examples:");
        CliProcess.Result prewarmHelp = CliProcess.run(dir, "prewarm", "--help");
        assertThat(prewarmHelp.out()).contains("--args-from").contains("Exit codes");
        assertThat(CliProcess.run(dir, "--version").out()).contains("mppfc 0.1.0");
    }
}
