package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.s3.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** push, pull, status --shared and gc --shared on the real mppfc.jar, against a real S3 server. */
@Timeout(300)
class SharedSyncCliIT {

    private static final String TWICE = Grid.class.getName() + "::twice";

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path dir;

    private String[] withStore(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--shared", "s3://" + S3ProxyServer.BUCKET + "/team", "--shared-endpoint", server.url()));
        return all.toArray(String[]::new);
    }

    private CliProcess.Result run(String... args) throws Exception {
        return CliProcess.run(dir, S3ProxyServer.environment(), withStore(args));
    }

    /** A cache root {@code name} with twice(0..n-1) packed, computed in this JVM. */
    private void packedCache(String name, int n) throws Exception {
        try (var f = Mppfc.cache(Grid::twice).path(dir.resolve(name)).build()) {
            for (long x = 0; x < n; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(dir.resolve(name), null);
    }

    private Set<String> objectsEndingWith(String suffix) {
        return server.objects().stream().filter(o -> o.endsWith(suffix)).collect(Collectors.toSet());
    }

    @Test
    void pushFromOneRootAndPullIntoAnEmptyOneGivesEveryValueWithoutComputing() throws Exception {
        packedCache("a", 200);
        CliProcess.Result push = run("push", "--cache", "a");
        assertThat(push.exitCode()).as(push.all()).isZero();
        assertThat(push.out()).contains("twice").contains("1 pack (200 entries)");
        assertThat(push.err()).as("quiet without a terminal").isEmpty();
        assertThat(server.objects()).hasSize(2);

        CliProcess.Result pull = run("pull", "--cache", "b");
        assertThat(pull.exitCode()).as(pull.all()).isZero();
        assertThat(pull.out()).contains("1 pack and 0 loose entries downloaded").contains("200 entries new here");
        assertThat(pull.err()).isEmpty();

        CliProcess.Result got = CliProcess.run(dir, "get", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", "[21]", "--cache", "b");
        assertThat(got.exitCode()).as(got.all()).isZero();
        assertThat(got.out().strip()).isEqualTo("42");
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[3]\n[150]\n[199]\n");
        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", args.toString(), "--workers", "1", "--cache", "b");
        assertThat(prewarm.exitCode()).as(prewarm.all()).isZero();
        assertThat(prewarm.out()).contains("0 computed, 3 already cached");

        CliProcess.Result again = run("pull", "--cache", "b");
        assertThat(again.out()).contains("nothing to pull");
    }

    @Test
    void aPushKilledMidwayLeavesNoIndexWithoutItsPackAndARerunCompletes() throws Exception {
        packedCache("a", 3000);
        try (var f = Mppfc.cache(Grid::picky).path(dir.resolve("a")).build()) {
            for (int x = 0; x < 3000; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(dir.resolve("a"), null);
        Process push = CliProcess.start(dir, S3ProxyServer.environment(), withStore("push", "--cache", "a"));
        push.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (objectsEndingWith(".mpk").isEmpty() && push.isAlive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        push.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        for (String index : objectsEndingWith(".idx")) {
            assertThat(server.objects()).as("an index is uploaded after its pack")
                    .contains(index.substring(0, index.length() - ".idx".length()));
        }
        CliProcess.Result pulled = run("pull", "--cache", "b");
        assertThat(pulled.exitCode()).as(pulled.all()).isZero();

        CliProcess.Result rerun = run("push", "--cache", "a");
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(objectsEndingWith(".idx")).hasSize(2);
        CliProcess.Result complete = run("pull", "--cache", "b");
        assertThat(complete.exitCode()).as(complete.all()).isZero();
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[0]\n[1234]\n[2999]\n");
        CliProcess.Result prewarm = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--workers", "1", "--cache", "b");
        assertThat(prewarm.out()).as(prewarm.all()).contains("0 computed, 3 already cached");
    }

    @Test
    void statusSharedCountsWhatTheStoreHoldsPerCodeVersion() throws Exception {
        packedCache("a", 120);
        try (var f = Mppfc.cache(Grid::twice).path(dir.resolve("a")).build()) {
            for (long x = 1000; x < 1003; x++) {
                f.apply(x);
            }
        }
        assertThat(run("push", "--cache", "a").exitCode()).isZero();

        CliProcess.Result status = run("status");
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(status.out()).contains("shared store s3://" + S3ProxyServer.BUCKET + "/team")
                .containsPattern("twice\\s+3\\s+120\\s+1\\s")
                .containsPattern("\n  code [0-9a-f]{16}\\s+3\\s+120\\s+1\\s");
    }

    @Test
    void lsSharedSaysWhatTheStoreHoldsOfEachFunctionListed() throws Exception {
        packedCache("a", 40);
        assertThat(run("push", "--cache", "a").exitCode()).isZero();
        packedCache("b", 2);

        CliProcess.Result entries = run("ls", "--cache", "b", "--function", TWICE);
        assertThat(entries.exitCode()).as(entries.all()).isZero();
        assertThat(entries.out()).contains("# the shared store s3://" + S3ProxyServer.BUCKET + "/team")
                .contains("holds 40 results of this function and code version (0 loose, 40 packed");
        CliProcess.Result json = run("ls", "--cache", "b", "--function", TWICE, "--json");
        assertThat(json.out().lines()).as("only entries on stdout").hasSize(2).allMatch(l -> l.startsWith("{"));
        assertThat(json.err()).contains("holds 40 results");

        Files.createDirectories(dir.resolve("c"));
        try (var f = Mppfc.cache(Grid::picky).path(dir.resolve("c")).build()) {
            f.apply(1);
        }
        CliProcess.Result functions = run("ls", "--cache", "c");
        assertThat(functions.exitCode()).as(functions.all()).isZero();
        assertThat(functions.out()).containsPattern("picky\\n").containsPattern("twice  \\(only in the shared store\\)");
    }

    @Test
    void gcSharedKeepsTheVersionInUseAndRefusesSizeBounds() throws Exception {
        packedCache("a", 50);
        assertThat(run("push", "--cache", "a").exitCode()).isZero();

        CliProcess.Result gc = run("gc", "--keep-code-versions", "1");
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("0 older code versions removed");
        assertThat(server.objects()).hasSize(2);

        CliProcess.Result bySize = run("gc", "--max-size", "1G");
        assertThat(bySize.exitCode()).isEqualTo(2);
        assertThat(bySize.err()).contains("gc --shared collects code versions only");
    }

    @Test
    void pushWithoutAStoreSaysWhatItNeeds() throws Exception {
        packedCache("a", 5);
        CliProcess.Result push = CliProcess.run(dir, "push", "--cache", "a");
        assertThat(push.exitCode()).isEqualTo(2);
        assertThat(push.err()).contains("push needs --shared s3://BUCKET/PREFIX");
    }

    @Test
    void pushAndPullToAStoreThatIsDownSayItInOneLineAndChangeNothing() throws Exception {
        packedCache("a", 10);
        server.stop();
        CliProcess.Result push = run("push", "--cache", "a");
        assertThat(push.exitCode()).as(push.all()).isEqualTo(1);
        assertThat(push.err().strip().lines()).singleElement().asString()
                .startsWith("mppfc push: s3://" + S3ProxyServer.BUCKET + "/team at " + server.url())
                .doesNotContain(S3ProxyServer.CREDENTIAL);
        CliProcess.Result pull = run("pull", "--cache", "a");
        assertThat(pull.exitCode()).as(pull.all()).isEqualTo(1);
        assertThat(pull.err()).contains("could not be reached");
        assertThat(CacheInventory.count(CacheInventory.functionDirectories(dir.resolve("a")).get(0))).isEqualTo(10);
    }

    @Test
    void pullRefusesADirectoryThatIsNotACacheAndWritesNothingThere() throws Exception {
        packedCache("a", 10);
        assertThat(run("push", "--cache", "a").exitCode()).isZero();
        Path notes = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "mine");
        CliProcess.Result pull = run("pull", "--cache", "notes");
        assertThat(pull.exitCode()).as(pull.all()).isEqualTo(2);
        assertThat(pull.err()).contains("is not an mppfc cache");
        try (var files = Files.list(notes)) {
            assertThat(files).containsExactly(notes.resolve("todo.txt"));
        }
    }
}
