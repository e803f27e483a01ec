package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunction2;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mppfc prewarm} as a separate process, and programs reading what it stored. */
@Timeout(180)
class PrewarmIT {

    @TempDir
    Path dir;

    private Path lines(String... lines) throws Exception {
        return Files.writeString(dir.resolve("args.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void prewarmedEntriesAreReadByTheProgramWithoutComputing() throws Exception {
        Path args = lines("[1.5, 2]", "[2.5, 4]", "", "[3, 1]");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--workers", "2", "--cache", "c");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("3 computed, 0 already cached, 0 failed");

        MultiProcCachedFunction2<Double, Integer, Double> energy = Mppfc.cache((io.mppfc.Fn2<Double, Integer,
                Double>) Grid::energy).path(dir.resolve("c")).build();
        assertThat(energy.cacheOnly(1.5, 2)).isEqualTo(3.0);
        assertThat(energy.cacheOnly(3.0, 1)).isEqualTo(3.0);

        CliProcess.Result again = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", "c");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 computed, 3 already cached");
    }

    @Test
    void compressedPrewarmEntriesHoldTheirArgumentsAndAreReadByAProgramThatDoesNotCompress() throws Exception {
        Path args = lines("[20000]", "[30000]");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::curve",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--workers", "2", "--cache", "c",
                "--compress");
        assertThat(run.exitCode()).as(run.all()).isZero();
        Path function = io.mppfc.cache.maintenance.CacheInventory.functionDirectories(dir.resolve("c")).get(0);
        // loose or in a worker's batch pack, wherever the store put them
        java.util.List<io.mppfc.cache.maintenance.CacheInventory.Entry> entries = new java.util.ArrayList<>(
                io.mppfc.cache.maintenance.CacheInventory.entries(function));
        entries.addAll(io.mppfc.cache.maintenance.CacheInventory.packedEntries(function));
        assertThat(entries).as("both results stored").hasSize(2);
        for (io.mppfc.cache.maintenance.CacheInventory.Entry e : entries) {
            byte[] bytes = e.packed() ? io.mppfc.cache.pack.Pack.open(e.path()).entryBytes(e.packOffset())
                    : java.nio.file.Files.readAllBytes(e.path());
            assertThat(bytes[6]).as("the zstd flag").isEqualTo((byte) 2);
            assertThat(e.size()).as("compressed").isLessThan(30000 * 8 / 4);
            assertThat(io.mppfc.cache.maintenance.CacheInventory.arguments(e)).isIn("[20000]", "[30000]");
        }
        MultiProcCachedFunction1<Integer, double[]> curve = Mppfc.cache((io.mppfc.Fn1<Integer, double[]>)
                Grid::curve).path(dir.resolve("c")).build();
        assertThat(curve.cacheOnly(30000)).isEqualTo(Grid.curve(30000));
        CliProcess.Result badLevel = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::curve",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", "c", "--compress=40");
        assertThat(badLevel.exitCode()).isEqualTo(2);
        assertThat(badLevel.err()).contains("--compress").contains("1 (fastest) to 19");
    }

    @Test
    void jsonObjectsBecomeRecordsAndOverloadsAreChosenByTheirArguments() throws Exception {
        Path args = lines("[{\"x\": 2.0, \"steps\": 3}]");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", "c", "--workers", "1");
        assertThat(run.exitCode()).as(run.all()).isZero();
        MultiProcCachedFunction1<Grid.Params, Double> energy = Mppfc.cache((io.mppfc.Fn1<Grid.Params, Double>)
                Grid::energy).path(dir.resolve("c")).build();
        assertThat(energy.cacheOnly(new Grid.Params(2.0, 3))).isEqualTo(6.0);
    }

    @Test
    void argumentsFromAGeneratorMethod() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy",
                "--classpath", CliProcess.FIXTURES, "--args-from", Grid.class.getName() + "::points", "--cache", "c");
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("3 computed");
    }

    @Test
    void aBadJsonLineIsExit2WithItsLineNumberAndReason() throws Exception {
        Path args = lines("[1.5, 2]", "[2.5, 4", "[3, 1]");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", "c");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 2").contains("not JSON");
        assertThat(dir.resolve("c")).doesNotExist();

        Path wrongType = lines("[1.5, 2.5]");
        CliProcess.Result typed = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(double,int)",
                "--classpath", CliProcess.FIXTURES, "--args", wrongType.toString(), "--cache", "c");
        assertThat(typed.exitCode()).isEqualTo(2);
        assertThat(typed.err()).contains("line 1, argument 2").contains("2.5");
    }

    @Test
    void anUnknownClassOrMethodIsExit2SayingWhatWasFound() throws Exception {
        CliProcess.Result noMethod = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::enrgy",
                "--classpath", CliProcess.FIXTURES, "--args", lines("[1]").toString());
        assertThat(noMethod.exitCode()).isEqualTo(2);
        assertThat(noMethod.err()).contains("has no static method enrgy").contains("energy").contains("picky");
        CliProcess.Result noClass = CliProcess.run(dir, "prewarm", "--function", "com.example.Nope::f",
                "--args", lines("[1]").toString());
        assertThat(noClass.exitCode()).isEqualTo(2);
        assertThat(noClass.err()).contains("class com.example.Nope is not on the classpath");
        CliProcess.Result ambiguous = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::overloaded",
                "--classpath", CliProcess.FIXTURES, "--args", lines("[1]").toString());
        assertThat(ambiguous.exitCode()).isEqualTo(2);
        assertThat(ambiguous.err()).contains("ambiguous").contains("overloaded(int)").contains("overloaded(long)");
    }

    @Test
    void launcherOptionsThatDoNotFitAreExit2SayingWhy() throws Exception {
        String[] base = {"prewarm", "--function", Grid.class.getName() + "::picky", "--classpath", CliProcess.FIXTURES,
            "--args", lines("[1]").toString(), "--cache", "c"};
        CliProcess.Result hostsWithoutSsh = CliProcess.run(dir, concat(base, "--hosts", "node1"));
        assertThat(hostsWithoutSsh.exitCode()).isEqualTo(2);
        assertThat(hostsWithoutSsh.err()).contains("--hosts is for --launcher ssh, but the launcher is local");
        CliProcess.Result slurmWithoutCount = CliProcess.run(dir, concat(base, "--launcher", "slurm"));
        assertThat(slurmWithoutCount.exitCode()).isEqualTo(2);
        assertThat(slurmWithoutCount.err()).contains("--workers: give a count of workers with --launcher slurm");
        CliProcess.Result slurmWithShare = CliProcess.run(dir, concat(base, "--launcher", "slurm", "--workers", "0.5"));
        assertThat(slurmWithShare.exitCode()).isEqualTo(2);
        assertThat(slurmWithShare.err()).contains("\"0.5\" is a share of this machine's cores");
        CliProcess.Result sshWithoutHosts = CliProcess.run(dir, concat(base, "--launcher", "ssh", "--workers", "2"));
        assertThat(sshWithoutHosts.exitCode()).isEqualTo(2);
        assertThat(sshWithoutHosts.err()).contains("--launcher ssh needs --hosts");
        CliProcess.Result unknown = CliProcess.run(dir, concat(base, "--launcher", "pbs"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("\"pbs\" is not a launcher; use local, slurm or ssh");
        assertThat(dir.resolve("c")).as("nothing was touched").doesNotExist();
    }

    @Test
    void workersWhoseJvmRefusesAnOptionAreExit2SayingWhyOnce() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", lines("[1]", "[2]", "[3]").toString(), "--cache", "c",
                "--workers", "1", "--jvm-option=-XX:+NoSuchOption");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.out()).contains("0 computed, 0 already cached, 3 failed").doesNotContain("FAILED [");
        assertThat(run.err().lines()).as(run.all()).containsExactly("mppfc prewarm: the workers' JVM does not start "
                + "with --jvm-option -XX:+NoSuchOption: Unrecognized VM option 'NoSuchOption'; no task was run");
    }

    @Test
    void aWorkerJvmThatCannotStartIsQuotedLineByLineInTheCliOwnWords() throws Exception {
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", lines("[1]").toString(), "--cache", "c",
                "--workers", "1", "--jvm-option=-Xmx1k");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("initialization of VM; Too small").doesNotContain("VM.Too", "workerJvmOptions",
                "workerClasspath", "[main]", "io.mppfc.pool");
        assertThat(run.err().lines()).as("said once, by the CLI").hasSize(1);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void failingTasksAreExit1ListedAndReported() throws Exception {
        Path report = dir.resolve("report.json");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args-from", Grid.class.getName() + "::pickyArguments",
                "--cache", "c", "--report", report.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("2 computed, 0 already cached, 1 failed")
                .contains("FAILED [-2]: java.lang.IllegalArgumentException: negative input -2")
                .contains("at io.mppfc.cli.fixtures.Grid.picky");
        JsonNode json = ArgumentSource.JSON.readTree(report.toFile());
        assertThat(json.get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("computed").asInt()).isEqualTo(2);
        assertThat(json.get("failures").get(0).get("arguments").get(0).asInt()).isEqualTo(-2);
        assertThat(json.get("failures").get(0).get("stackTrace").asText()).contains("Grid.picky");
        assertThat(json.get("function").asText()).isEqualTo(Grid.class.getName() + "::picky(int)");
    }

    @Test
    void interruptStopsTheWorkersLeavesNoPartialEntryAndExits130() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append('[').append(0.3 + i / 1000.0).append("]\n");
        }
        Path args = Files.writeString(dir.resolve("slow.jsonl"), many);
        Process cli = CliProcess.startInterruptible(dir, "prewarm", "--function", Grid.class.getName() + "::slow",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", "c", "--workers", "2",
                "--progress-interval", "100ms");
        BufferedReader out = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("prewarm:") && !line.startsWith("prewarm: 0/")) {
                break; // some tasks are done: interrupt in the middle
            }
        }
        assertThat(Sigint.ignoredBy(cli.pid())).as("SIGINT ignored by the CLI under test").isNotEqualTo(Optional.of(true));
        new ProcessBuilder("kill", "-INT", Long.toString(cli.pid())).start().waitFor();
        CliProcess.Result result = CliProcess.finish(cli);
        assertThat(result.exitCode()).isEqualTo(130);
        assertThat(result.err()).contains("interrupted").contains("of 40 computed")
                .as("the tasks running when the signal came are interrupted, not failed").contains(", 0 failed, ");
        assertThat(result.err().lines()).as("no terminal: no empty line before the summary").doesNotContain("");
        Path function = CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".slow");
        long entries = CacheInventory.count(function); // loose or packed
        assertThat(entries).isBetween(1L, 39L);
        assertThat(CacheInventory.verify(function)).as("no partial or damaged entry").isEmpty();
    }
}
