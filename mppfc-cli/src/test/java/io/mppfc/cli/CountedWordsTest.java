package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Exact;
import java.math.BigInteger;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache commands count in words that agree with their numbers: "1 entry", "2 entries". */
class CountedWordsTest {

    @TempDir
    Path dir;

    private String cacheOfOne() {
        try (var integer = Mppfc.cache(Exact::integer).path(dir.resolve("c")).build()) {
            integer.apply(BigInteger.ONE);
        }
        return dir.resolve("c").toString();
    }

    @Test
    void packOfOneEntrySaysOneEntryOnePackOneLooseFile() {
        CliProcess.Result pack = CliInProcess.run("pack", "--cache", cacheOfOne());
        assertThat(pack.exitCode()).as(pack.all()).isZero();
        assertThat(pack.out()).contains(": 1 entry in 1 pack (1 loose file gathered, 0 packs replaced)");
    }

    @Test
    void gcOfOneEntrySaysOneEntryScanned() {
        CliProcess.Result gc = CliInProcess.run("gc", "--cache", cacheOfOne(), "--max-size", "1G");
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("gc: 1 entry scanned").doesNotContain("1 entries");
    }
}
