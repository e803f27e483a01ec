package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.DamagedPacks;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pack whose index gives an offset outside its records, through the real jar: one line, never a stack trace. */
@Timeout(120)
class DamagedPackIT {

    @TempDir
    Path dir;

    private Path function;

    @BeforeEach
    void fillAndPackACache() throws Exception {
        function = PickyCache.packed(dir);
    }

    private static void assertNoStackTrace(CliProcess.Result r) {
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, -1})
    void verifyReportsTheStrayOffsetOnOneLineExits1AndRepairsThePack(long offset) throws Exception {
        DamagedPacks.setOffset(DamagedPacks.onlyPack(function), 3, offset);

        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");

        assertNoStackTrace(verify);
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out().lines().filter(l -> l.startsWith("DAMAGED"))).singleElement()
                .satisfies(l -> assertThat(l).contains("1 index slot points outside the pack's records"));
        // the entry whose slot points astray is one of the 20 verified, and the one damaged
        assertThat(verify.out()).contains("20 entries").contains("1 damaged");
        CliProcess.Result again = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(again.exitCode()).as(again.all()).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, -1})
    void statusCountsTheReachableEntries(long offset) throws Exception {
        DamagedPacks.setOffset(DamagedPacks.onlyPack(function), 3, offset);

        CliProcess.Result status = CliProcess.run(dir, "status", "--cache", "c");

        assertNoStackTrace(status);
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).containsPattern("picky\\s+0\\s+19\\s");
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, -1})
    void packAndLsGoOnWithTheOtherRecords(long offset) throws Exception {
        Path pack = DamagedPacks.onlyPack(function);
        DamagedPacks.setOffset(pack, 3, offset);
        PickyCache.fill(dir, 100, 101); // a loose entry, so that pack has something to do

        CliProcess.Result packed = CliProcess.run(dir, "pack", "--cache", "c");
        CliProcess.Result ls = CliProcess.run(dir, "ls", "--cache", "c", "--function", Grid.class.getName() + "::picky");

        assertNoStackTrace(packed);
        assertThat(packed.exitCode()).as(packed.all()).isZero();
        assertThat(packed.out()).contains("20 entries in 1 pack");
        assertThat(Files.exists(pack)).isFalse();
        assertNoStackTrace(ls);
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        assertThat(ls.out().lines()).hasSize(20);
    }
}
