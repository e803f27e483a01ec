package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction2;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mppfc prewarm --results-over-pipe}: the workers send, the command stores. */
@Timeout(180)
class PipePrewarmIT {

    @TempDir
    Path dir;

    @Test
    void resultsSentOverThePipeAreInTheCacheForTheProgram() throws Exception {
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[1.5, 2]\n[2.5, 4]\n[3, 1]\n");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--workers", "2", "--cache", "c",
                "--results-over-pipe");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("3 computed, 0 already cached, 0 failed");
        assertThat(run.err()).as("nothing warned").doesNotContain("WARN").doesNotContain("protocol");
        MultiProcCachedFunction2<Double, Integer, Double> energy = Mppfc.cache((io.mppfc.Fn2<Double, Integer,
                Double>) Grid::energy).path(dir.resolve("c")).build();
        assertThat(energy.cacheOnly(1.5, 2)).isEqualTo(3.0);
        assertThat(energy.cacheOnly(3.0, 1)).isEqualTo(3.0);
    }
}
