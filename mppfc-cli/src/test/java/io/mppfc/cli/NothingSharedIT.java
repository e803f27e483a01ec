package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Fn1;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.worker.PipeFunctions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSH workers on hosts that do not share the cache: each worker runs, over the test cluster's
 * real sshd, in a mount namespace of its own where the cache root is an empty tmpfs (what a
 * workstation without the coordinator's file system sees). The classpath is still visible
 * there (shipping it is another change's).
 */
@Tag("cluster")
@ExtendWith(TestCluster.class)
@Timeout(240)
class NothingSharedIT {

    private static final int TASKS = 8;

    /** The fixtures and the worker module's pipe functions: the hosts see both (only the cache is hidden). */
    private static final String CLASSPATH = CliProcess.FIXTURES + File.pathSeparator
            + Path.of(PipeFunctions.class.getProtectionDomain().getCodeSource().getLocation().getPath());

    private final TestCluster cluster = TestCluster.get();

    @TempDir
    Path dir;

    /**
     * A "java" for the hosts: the real one, in a new mount namespace with an empty tmpfs over the
     * cache root; what the worker left there is listed into {@code left-PID.txt} after it exits.
     */
    private Path javaWithoutTheCache(Path cacheRoot) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path inner = Files.writeString(dir.resolve("inner.sh"), "#!/bin/sh\n"
                + "mount -t tmpfs nothing-shared '" + cacheRoot + "' || exit 97\n"
                + "'" + java + "' \"$@\"\n"
                + "status=$?\n"
                + "find '" + cacheRoot + "' -mindepth 1 > '" + dir + "'/left-$$.txt\n"
                + "exit $status\n");
        Path outer = Files.writeString(dir.resolve("java-elsewhere"), "#!/bin/sh\n"
                + "exec unshare -m '" + inner + "' \"$@\"\n");
        for (Path script : List.of(inner, outer)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return outer;
    }

    private String[] ssh(Path cacheRoot) throws Exception {
        return new String[] {"--cache", cacheRoot.toString(), "--launcher", "ssh", "--hosts",
            cluster.sshHost() + "," + cluster.sshHost(), "--ssh-identity", cluster.sshIdentity(),
            "--ssh-option=" + cluster.sshKnownHostsOption(), "--remote-java", javaWithoutTheCache(cacheRoot).toString()};
    }

    private static List<Path> temps(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    @Test
    void aConnectionCutInTheMiddleOfA100MBResultLeavesNoPartialEntryAndTheTaskRunsAgain() throws Exception {
        Path cacheRoot = Files.createDirectories(dir.resolve("c"));
        Path pids = dir.resolve("pids.txt");
        int size = 100 << 20;
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[\"" + pids + "\", " + size + "]\n");
        List<String> command = new ArrayList<>(List.of("prewarm", "--function",
                PipeFunctions.class.getName() + "::bytesAfterSayingPid", "--classpath",
                CLASSPATH, "--args", args.toString(), "--workers", "1", "--jvm-option", "-Xmx1g"));
        command.addAll(List.of(ssh(cacheRoot)));
        Process prewarm = CliProcess.start(dir, command.toArray(String[]::new));
        prewarm.getOutputStream().close();

        // an entry's temp file, in an entry directory: the coordinator receiving the result
        for (long deadline = System.nanoTime() + 120_000_000_000L; temps(cacheRoot).stream()
                .noneMatch(t -> t.getParent().getFileName().toString().matches("[0-9a-f]{3}"));) {
            assertThat(System.nanoTime()).as("a result being received within 120 s").isLessThan(deadline);
            Thread.sleep(5);
        }
        List<ProcessHandle> connections = prewarm.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/ssh")).orElse(false)).toList();
        assertThat(connections).as("the worker's ssh connection").hasSize(1);
        connections.get(0).destroyForcibly();

        CliProcess.Result run = CliProcess.finish(prewarm);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("1 computed, 0 already cached, 0 failed");
        assertThat(Files.readAllLines(pids)).as("computed twice: once cut off, once stored").hasSize(2);
        assertThat(temps(cacheRoot)).as("nothing partial left").isEmpty();
        var f = Mppfc.cache(PipeFunctions::bytesAfterSayingPid).path(cacheRoot).build();
        assertThat(f.cacheOnly(pids.toString(), size)).isEqualTo(PipeFunctions.bytesOf(size));
    }

    @Test
    void aWorkerSendingAResultForATaskItWasNotGivenIsKilledForItAndNothingOfItIsStored() throws Exception {
        Path cacheRoot = Files.createDirectories(dir.resolve("c"));
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[\"" + dir.resolve("pids.txt") + "\", 5]\n");
        List<String> command = new ArrayList<>(List.of("prewarm", "--function",
                PipeFunctions.class.getName() + "::forgeResultOfAnotherTask", "--classpath", CLASSPATH, "--args",
                args.toString(), "--workers", "1"));
        command.addAll(List.of(ssh(cacheRoot)));
        CliProcess.Result run = CliProcess.run(dir, command.toArray(String[]::new));

        assertThat(run.err()).as(run.all()).contains("broke the protocol")
                .contains("it sent a result for task " + (Long.MAX_VALUE - 5) + ", which it was not given");
        String forged = java.util.HexFormat.of().formatHex(PipeFunctions.forgedKey());
        try (Stream<Path> files = Files.walk(cacheRoot)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("no entry of the forged key, no temp file").doesNotContain(forged)
                    .noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    private List<Path> leftLists() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("left-")).toList();
        }
    }

    @Test
    void prewarmOnTwoHostsThatDoNotSeeTheCacheStoresEveryValueHereAndNothingThere() throws Exception {
        Path cacheRoot = dir.resolve("c");
        Files.createDirectories(cacheRoot);
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= TASKS; n++) {
            lines.add("[" + n + "]");
        }
        Path args = Files.write(dir.resolve("args.jsonl"), lines);
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::placement",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", cacheRoot.toString(),
                "--launcher", "ssh", "--hosts", cluster.sshHost() + "," + cluster.sshHost(), "--ssh-identity",
                cluster.sshIdentity(), "--ssh-option=" + cluster.sshKnownHostsOption(), "--workers", "2",
                "--remote-java", javaWithoutTheCache(cacheRoot).toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        MultiProcCachedFunction1<Integer, String> placement = Mppfc.cache((Fn1<Integer, String>) Grid::placement)
                .path(cacheRoot).build();
        for (int n = 1; n <= TASKS; n++) {
            assertThat(placement.cacheOnly(n)).as("task " + n + " in the coordinator's cache").startsWith("ssh ");
        }
        List<Path> left = leftLists();
        // a worker's script lists what it left once its JVM exited, which may be just after prewarm did
        for (long deadline = System.nanoTime() + 30_000_000_000L; left.size() < 2 && System.nanoTime() < deadline;) {
            Thread.sleep(20);
            left = leftLists();
        }
        assertThat(left).as("both workers ran without the cache, and exited").hasSize(2);
        for (Path list : left) {
            assertThat(Files.readString(list)).as("what a worker wrote where it was told the cache is").isEmpty();
        }
    }
}
