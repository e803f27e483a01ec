package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmLauncherTest {

    private static final WorkerJvm JVM = new WorkerJvm(List.of("-Xmx2g"), "/shared/app.jar", 3);

    @Test
    void eachWorkerIsOneUnbufferedStepWithTheGivenOptionsBeforeTheJvm() {
        SlurmLauncher slurm = SlurmLauncher.builder().partition("compute").account("physics")
                .timeLimit(Duration.ofMinutes(90)).cpusPerTask(2).memory("4G").srunArguments("--qos=long")
                .javaPath("/opt/jdk/bin/java").build();
        WorkerCommand command = slurm.command(JVM);
        assertThat(command.command()).startsWith("srun", "--unbuffered", "-N1", "-n1", "--job-name=mppfc-worker-3");
        assertThat(command.command()).containsSubsequence("--partition=compute", "--account=physics",
                "--time=0-01:30:00", "--cpus-per-task=2", "--mem=4G", "--qos=long", "/opt/jdk/bin/java", "-Xmx2g",
                "-cp", "/shared/app.jar", Launcher.MAIN_CLASS);
        assertThat(command.command()).endsWith(Launcher.MAIN_CLASS);
        assertThat(slurm.runsOnThisMachine()).isFalse();
        assertThat(slurm).hasToString("Slurm job steps (--partition=compute, --account=physics, --time=0-01:30:00, "
                + "--cpus-per-task=2, --mem=4G, --qos=long, java /opt/jdk/bin/java)");
        assertThat(SlurmLauncher.builder().build()).hasToString("Slurm job steps");
        assertThat(slurm.defaultStartTimeout()).as("a step may wait in the queue for hours").isNull();
        assertThat(new LocalJvmLauncher().defaultStartTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void slurmTimeIsDaysHoursMinutesSecondsRoundedUp() {
        assertThat(SlurmLauncher.slurmTime(Duration.ofSeconds(59))).isEqualTo("0-00:00:59");
        assertThat(SlurmLauncher.slurmTime(Duration.ofMillis(1500))).isEqualTo("0-00:00:02");
        assertThat(SlurmLauncher.slurmTime(Duration.ofHours(50).plusMinutes(3))).isEqualTo("2-02:03:00");
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionAndValue() {
        assertThatThrownBy(() -> SlurmLauncher.builder().memory("4 GB")).hasMessageContaining("memory")
                .hasMessageContaining("\"4 GB\"");
        assertThatThrownBy(() -> SlurmLauncher.builder().partition("--exclusive"))
                .hasMessageContaining("partition").hasMessageContaining("\"--exclusive\"");
        assertThatThrownBy(() -> SlurmLauncher.builder().cpusPerTask(0)).hasMessageContaining("cpusPerTask");
        assertThatThrownBy(() -> SlurmLauncher.builder().timeLimit(Duration.ofMillis(10)))
                .hasMessageContaining("timeLimit");
        assertThatThrownBy(() -> SlurmLauncher.builder().srunArguments(" ")).hasMessageContaining("srunArguments");
    }

    @Test
    void theCacheRootMayBeMountedElsewhereOnTheNodes() {
        SlurmLauncher slurm = SlurmLauncher.builder().remoteCachePath("/nfs/cache").build();
        assertThat(slurm.workerCacheDirectory(Path.of("/home/me/cache/com.acme.Physics.slow")))
                .isEqualTo("/nfs/cache/com.acme.Physics.slow");
        assertThat(SlurmLauncher.builder().build().workerCacheDirectory(Path.of("rel/f")))
                .isEqualTo(Path.of("rel/f").toAbsolutePath().toString());
    }

    /** The lines are what srun and slurmstepd of Slurm 22.05 wrote when the step was scancel'ed. */
    @Test
    void aCancelledStepIsExplainedWithSlurmsOwnReport() {
        WorkerCommand command = SlurmLauncher.builder().build().command(JVM);
        List<String> stderr = List.of("srun: Job step aborted: Waiting up to 4 seconds for job step to finish.",
                "slurmstepd-vm: error: *** STEP 5.0 ON vm CANCELLED AT 2026-11-24T08:44:09 ***",
                "srun: error: vm: task 0: Terminated");
        Launcher.ExitReport report = SlurmLauncher.builder().build().explainExit(command, 143, true, stderr);
        assertThat(report.explanation()).startsWith("was cancelled by Slurm: ")
                .contains("*** STEP 5.0 ON vm CANCELLED AT 2026-11-24T08:44:09 ***");
        assertThat(report.placementRefused()).isFalse();
    }

    @Test
    void aTimeLimitAndARefusedStepAreToldApart() {
        SlurmLauncher slurm = SlurmLauncher.builder().build();
        WorkerCommand command = slurm.command(JVM);
        assertThat(slurm.explainExit(command, 143, true,
                List.of("slurmstepd: error: *** STEP 7.0 ON n1 CANCELLED AT 2026-11-24T09:00:00 DUE TO TIME LIMIT ***"))
                .explanation()).startsWith("reached its Slurm time limit");
        assertThat(slurm.explainExit(command, 1, false,
                List.of("srun: error: Unable to allocate resources: Invalid partition name specified")).explanation())
                .isEqualTo("could not be started as a Slurm job step (srun exit code 1): srun: error: Unable to "
                        + "allocate resources: Invalid partition name specified");
        assertThat(slurm.explainExit(command, 3, true, List.of("java.lang.OutOfMemoryError"))).isNull();
    }
}
