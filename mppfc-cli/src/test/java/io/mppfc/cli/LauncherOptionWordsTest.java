package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launcher option the builders refuse is said as the option the user typed, before anything runs. */
class LauncherOptionWordsTest {

    @TempDir
    Path dir;

    private CliProcess.Result prewarm(String... launcherOptions) throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n");
        String[] base = {"prewarm", "--function", Grid.class.getName() + "::picky", "--classpath", CliProcess.FIXTURES,
            "--args", dir.resolve("grid.jsonl").toString(), "--cache", dir.resolve("c").toString(), "--workers", "2"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(launcherOptions))
                .toArray(String[]::new);
        return CliInProcess.run(all);
    }

    private void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).startsWith("mppfc prewarm: ").contains(says)
                .doesNotContain("timeLimit", "cpusPerTask", "memory must", "PT0", "prewarm: hosts:", "Exception");
        assertThat(dir.resolve("c")).as("nothing was touched").doesNotExist();
    }

    @Test
    void aSlurmTimeBelowASecondIsSaidInTheOptionsOwnWords() throws Exception {
        assertOneLine(prewarm("--launcher", "slurm", "--slurm-time", "500ms"),
                "--slurm-time: a step's time limit is at least 1s", "got 500ms");
        assertOneLine(prewarm("--launcher", "slurm", "--slurm-time", "0s"), "--slurm-time", "got 0s");
    }

    @Test
    void slurmCpusAndMemoryTheBuilderRefusesNameTheirOptions() throws Exception {
        assertOneLine(prewarm("--launcher", "slurm", "--slurm-cpus-per-task", "0"),
                "--slurm-cpus-per-task: give at least 1, got 0");
        assertOneLine(prewarm("--launcher", "slurm", "--slurm-mem", "4X"), "--slurm-mem must be a number of megabytes",
                "\"4X\"");
    }

    @Test
    void aHostTheBuilderRefusesNamesTheHostsOption() throws Exception {
        assertOneLine(prewarm("--launcher", "ssh", "--hosts", "node1:99999"), "--hosts: the port of \"node1:99999\"");
    }

    @Test
    void aLauncherWhoseProgramIsNotOnThePathIsRefusedBeforeAnyWorkerStarts() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("bin"));
        assertThatThrownBy(() -> LauncherChecks.requireOnPath("srun", empty.toString(), "slurm", "run it elsewhere"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--launcher slurm: srun is not on this machine's PATH; run it elsewhere");
        Path srun = Files.createFile(empty.resolve("srun"));
        assertThatThrownBy(() -> LauncherChecks.requireOnPath("srun", empty.toString(), "slurm", "x"))
                .as("a file that is not executable is not the program").isInstanceOf(UsageException.class);
        Files.setPosixFilePermissions(srun, PosixFilePermissions.fromString("rwxr-xr-x"));
        LauncherChecks.requireOnPath("srun", "/nonexistent:" + empty, "slurm", "x");
    }
}
