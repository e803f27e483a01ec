package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launcher whose program is not installed here is one line before anything runs, not three failed starts. */
class LauncherProgramIT {

    @TempDir
    Path dir;

    @Test
    void prewarmWithSlurmWhereThereIsNoSrunIsOneLineAndExit2() throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");
        Path empty = Files.createDirectory(dir.resolve("bin"));
        CliProcess.Result r = CliProcess.run(dir, Map.of("PATH", empty.toString()), "prewarm", "--function",
                Grid.class.getName() + "::picky", "--classpath", CliProcess.FIXTURES, "--args", "grid.jsonl",
                "--cache", "c", "--workers", "2", "--launcher", "slurm");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).containsExactly("mppfc prewarm: --launcher slurm: srun is not "
                + "on this machine's PATH; run mppfc where Slurm's commands are, such as a login node or inside an "
                + "allocation");
        assertThat(r.out()).as("no start line: nothing was read or started").isEmpty();
        assertThat(dir.resolve("c")).doesNotExist();
    }
}
