package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Fn1;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.code.CompiledSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mppfc prewarm} with workers as job steps of a real Slurm cluster and on a real sshd,
 * both on loopback, started by {@code scripts/test-cluster/setup}.
 */
@Tag("cluster")
@ExtendWith(TestCluster.class)
@Timeout(240)
class ClusterIT {

    private static final int TASKS = 8;

    private final TestCluster cluster = TestCluster.get();

    @TempDir
    Path dir;

    private Path tasks(int count) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            lines.add("[" + n + "]");
        }
        return Files.write(dir.resolve("args.jsonl"), lines);
    }

    private List<String> prewarm(String function, Path args, String... more) {
        List<String> command = new ArrayList<>(List.of("prewarm", "--function", Grid.class.getName() + "::" + function,
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", dir.resolve("c").toString()));
        command.addAll(List.of(more));
        return command;
    }

    private String[] ssh(String hosts) {
        return new String[] {"--launcher", "ssh", "--hosts", hosts, "--ssh-identity", cluster.sshIdentity(),
            "--ssh-option=" + cluster.sshKnownHostsOption(), "--workers", "2"};
    }

    private List<String> placements(int count) {
        MultiProcCachedFunction1<Integer, String> placement = Mppfc.cache((Fn1<Integer, String>) Grid::placement)
                .path(dir.resolve("c")).build();
        List<String> where = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            where.add(placement.cacheOnly(n));
        }
        return where;
    }

    @Test
    void prewarmRunsItsTwoWorkersAsSlurmJobSteps() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, cluster.slurmEnvironment(), prewarm("placement", tasks(TASKS),
                "--launcher", "slurm", "--slurm-partition", cluster.partition(), "--slurm-time", "10m",
                "--workers", "2").toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        List<String> where = placements(TASKS);
        assertThat(where).allMatch(p -> p.startsWith("slurm job "), "ran in a Slurm job step");
        assertThat(new HashSet<>(where)).as("two workers, each its own job step").hasSize(2);
    }

    @Test
    void aStepCancelledMidTaskIsAWorkerDeathAndItsTaskRunsAgainOnANewStep() throws Exception {
        Path markers = Files.createDirectory(dir.resolve("started"));
        Path args = Files.write(dir.resolve("args.jsonl"), List.of("[\"" + markers + "\", 1, 3]", "[\"" + markers + "\", 2, 3]"));
        Process prewarm = CliProcess.start(dir, cluster.slurmEnvironment(), prewarm("announced", args, "--launcher",
                "slurm", "--workers", "2").toArray(String[]::new));
        prewarm.getOutputStream().close();

        Path first = awaitFirstFile(markers);
        String[] jobAndTask = first.getFileName().toString().substring("started-".length()).split("-");
        ProcessBuilder scancel = new ProcessBuilder("scancel", jobAndTask[0]).inheritIO();
        scancel.environment().putAll(cluster.slurmEnvironment());
        assertThat(scancel.start().waitFor()).as("scancel " + jobAndTask[0]).isZero();

        CliProcess.Result run = CliProcess.finish(prewarm);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("2 computed, 0 already cached, 0 failed");
        assertThat(run.err()).contains("was cancelled by Slurm: ").contains("CANCELLED AT").contains("trying it again");
        try (Stream<Path> files = Files.list(markers)) {
            Set<String> attempts = new HashSet<>();
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("-" + jobAndTask[1])).forEach(attempts::add);
            assertThat(attempts).as("the cancelled task, started again in another job").hasSize(2);
        }
    }

    @Test
    void theSbatchScriptRunsTheCoordinatorInAnAllocationAndItsWorkersAsSteps() throws Exception {
        Path script = Path.of("..", "scripts", "prewarm.sbatch").toAbsolutePath().normalize();
        ProcessBuilder sbatch = new ProcessBuilder("sbatch", "--wait", "--ntasks=2", "--time=00:10:00",
                "--partition=" + cluster.partition(), "--chdir=" + dir, "--output=" + dir.resolve("job.out"),
                script.toString()).redirectErrorStream(true);
        sbatch.environment().putAll(cluster.slurmEnvironment());
        sbatch.environment().putAll(java.util.Map.of("MPPFC_JAR", CliProcess.JAR.toString(),
                "APP_CLASSPATH", CliProcess.FIXTURES, "FUNCTION", Grid.class.getName() + "::placement",
                "ARGS", tasks(TASKS).toString(), "CACHE", dir.resolve("c").toString(),
                "PATH", Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent() + ":"
                        + System.getenv("PATH")));
        Process job = sbatch.start();
        String said = new String(job.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(job.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = Files.exists(dir.resolve("job.out")) ? Files.readString(dir.resolve("job.out")) : "(no job output)";
        assertThat(job.exitValue()).as(said + out).isZero();
        assertThat(out).contains(TASKS + " computed, 0 already cached, 0 failed");

        List<String> where = placements(TASKS);
        String jobId = where.get(0).split(" ")[2];
        assertThat(where).allMatch(p -> p.startsWith("slurm job " + jobId + " step "), "a step of the batch job");
        assertThat(new HashSet<>(where)).as("two workers, two steps of the one allocation").hasSize(2);
        assertThat(dir.resolve("prewarm-" + jobId + ".json")).isRegularFile();
    }

    @Test
    void aSlurmStepRunningAnotherBuildRefusesAndTheRunSaysWhichVersionRunsWhere() throws Exception {
        assertStaleBuildIsRefused(cluster.slurmEnvironment(), "--launcher", "slurm", "--slurm-partition",
                cluster.partition(), "--slurm-time", "10m", "--workers", "1");
    }

    @Test
    void anSshHostRunningAnotherBuildRefusesAndTheRunSaysWhichVersionRunsWhere() throws Exception {
        assertStaleBuildIsRefused(Map.of(), ssh(cluster.sshHost()));
    }

    /** A node whose classpath holds last week's build: the coordinator's is new, the workers' stale. */
    private void assertStaleBuildIsRefused(Map<String, String> environment, String... launcher) throws Exception {
        String scan = """
                package demo;

                public class Scan {
                    public static int value(int x) {
                        return x * 2;
                    }
                }
                """;
        Path current = CompiledSources.compile(Map.of("demo/Scan.java", scan), dir.resolve("current"));
        Path stale = CompiledSources.compile(Map.of("demo/Scan.java", scan.replace("x * 2", "x * 3")),
                dir.resolve("stale"));
        List<String> command = new ArrayList<>(List.of("prewarm", "--function", "demo.Scan::value", "--classpath",
                current.toString(), "--args", tasks(2).toString(), "--cache", dir.resolve("c").toString(),
                "--remote-classpath", stale + java.io.File.pathSeparator + CliProcess.JAR));
        command.addAll(List.of(launcher));
        CliProcess.Result run = CliProcess.run(dir, environment, command.toArray(String[]::new));

        Path function = CliProcess.functionDirectory(dir.resolve("c"), "demo.Scan.value");
        String coordinatorVersion = function.getFileName().toString().split("@")[1];
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("mppfc prewarm: no task could run: ").contains("host ")
                .contains(" runs code version ").contains(" of demo.Scan.value, the coordinator runs " + coordinatorVersion)
                .contains(stale.toString());
        assertThat(CacheInventory.count(function)).as("nothing computed with the stale build, loose or packed")
                .isZero();
    }

    @Test
    void killingTheCoordinatorEndsItsSlurmWorkers() throws Exception {
        assertWorkerEndsWithItsCoordinator("--launcher", "slurm", "--workers", "1");
    }

    @Test
    void killingTheCoordinatorEndsItsSshWorkers() throws Exception {
        assertWorkerEndsWithItsCoordinator(ssh(cluster.sshHost()));
    }

    /** kill -9 leaves srun or ssh no time to clean up: the worker itself must see its stdin close. */
    private void assertWorkerEndsWithItsCoordinator(String... launcher) throws Exception {
        Path markers = Files.createDirectory(dir.resolve("started"));
        Path args = Files.write(dir.resolve("args.jsonl"), List.of("[\"" + markers + "\", 1, 600]"));
        Process prewarm = CliProcess.start(dir, cluster.slurmEnvironment(), prewarm("announced", args, launcher)
                .toArray(String[]::new));
        prewarm.getOutputStream().close();
        long workerPid = Long.parseLong(Files.readString(awaitFirstFile(markers)));
        ProcessHandle worker = ProcessHandle.of(workerPid).orElseThrow(() -> new AssertionError("no worker " + workerPid));

        prewarm.destroyForcibly();
        assertThat(prewarm.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get())
                .as("the worker (pid %d) exits within 30 s of its coordinator's SIGKILL", workerPid).isNotNull();
    }

    private static Path awaitFirstFile(Path directory) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(directory)) {
                var found = files.filter(f -> f.getFileName().toString().startsWith("started-")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no task started within 60 s");
    }

    @Test
    void sshRunsTwoWorkersOnTheHost() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, prewarm("placement", tasks(TASKS), ssh(cluster.sshHost()))
                .toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        String port = cluster.sshHost().substring(cluster.sshHost().indexOf(':') + 1);
        List<String> where = placements(TASKS);
        assertThat(where).allMatch(p -> p.startsWith("ssh ") && p.endsWith(" 127.0.0.1 " + port),
                "ran in an SSH session to the test sshd");
        assertThat(new HashSet<>(where)).as("two workers, each its own SSH connection").hasSize(2);
        try (Stream<Path> files = Files.list(CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".placement"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("the startup check's file is gone")
                    .noneMatch(f -> f.startsWith(".share-"));
        }
    }

    @Test
    void anUnreachableHostIsReportedAndSkippedWhileTheOtherCarriesOn() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, prewarm("placement", tasks(4), ssh("127.0.0.1:1," + cluster.sshHost()))
                .toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("4 computed, 0 already cached, 0 failed");
        assertThat(run.err()).contains("SSH host 127.0.0.1:1 refused a worker (ssh: connect to host 127.0.0.1 port 1: "
                + "Connection refused); no more workers go there");
        assertThat(placements(4)).allMatch(p -> p.startsWith("ssh "));
    }

    @Test
    void whenEveryHostRefusesTheRunStopsNamingEach() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, prewarm("placement", tasks(2), ssh("127.0.0.1:1,127.0.0.1:2"))
                .toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("0 computed, 0 already cached, 2 failed");
        assertThat(run.err()).contains("mppfc prewarm: no task could run: ").contains("every SSH host refused")
                .contains("127.0.0.1:1: ssh: connect to host 127.0.0.1 port 1: Connection refused")
                .contains("127.0.0.1:2: ssh: connect to host 127.0.0.1 port 2: Connection refused");
    }

    @Test
    void aWorkerThatDoesNotSeeTheCacheDirectorySendsItsResultsOverThePipe() throws Exception {
        Path elsewhere = dir.resolve("not-shared");
        List<String> command = prewarm("placement", tasks(2), ssh(cluster.sshHost()));
        command.addAll(List.of("--remote-cache", elsewhere.toString()));
        CliProcess.Result run = CliProcess.run(dir, command.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("2 computed, 0 already cached, 0 failed");
        assertThat(run.err()).contains(" does not exist on host").contains("sends its results to the coordinator");
        assertThat(placements(2)).allMatch(p -> p.startsWith("ssh "));
        assertThat(elsewhere).as("the worker made no directory of its own").doesNotExist();
    }
}
