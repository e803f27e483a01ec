package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPush;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.s3.S3ProxyServer;
import io.mppfc.s3.S3Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code mppfc pull} into a team's cache by two real users ({@code runuser}, the real jar), from a
 * real S3 server: what one member's killed pull left is never the other's problem. Needs root to
 * make the users; skipped otherwise.
 */
@Timeout(600)
class TeamPullIT {

    private static final String TWICE = Grid.class.getName() + "::twice";

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    /** Both users run the same jar and classes from it. */
    private TeamWorkspace team;
    private Path workspace;
    private Path project;

    @BeforeAll
    static void twoUsersOfOneGroup() throws Exception {
        String why = TeamUsers.unavailable();
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
    }

    @BeforeEach
    void aTeamsProjectDirectory() throws IOException {
        team = TeamWorkspace.create("mppfc-team-pull-it");
        workspace = team.root();
        project = team.project();
        team.write("a.jsonl", "[1]\n[2]\n");
    }

    @AfterEach
    void removeTheWorkspace() throws IOException {
        team.delete();
    }

    @Test
    void aPullKilledByOneMemberLeavesScratchThatNeitherStopsTheOthersPullNorIsRemovedByThem() throws Exception {
        as(TeamUsers.A, "prewarm", "--function", TWICE, "--classpath", workspace.resolve("classes").toString(),
                "--args", workspace.resolve("a.jsonl").toString(), "--workers", "1", "--cache", "cache",
                "--shared-with-group", TeamUsers.GROUP);
        pushed("first", 10, 20);
        as(TeamUsers.A, "pull", "--cache", "cache", "--shared", shared(), "--shared-endpoint", server.url());
        List<Path> functions = CacheInventory.functionDirectories(project.resolve("cache"));
        assertThat(functions).isNotEmpty();
        // what a pull of A's killed mid-download leaves: its owner-only scratch with half a pack in it
        List<Path> leftovers = new ArrayList<>();
        for (Path function : functions) {
            Path scratch = function.resolve(".mppfc-pull-00000000000000aa");
            shell(TeamUsers.A, "umask 077 && mkdir '" + scratch + "' && head -c 100 /dev/zero > '" + scratch
                    + "/pack-000000000001-00000000000000aa.mpk'");
            leftovers.add(scratch.resolve("pack-000000000001-00000000000000aa.mpk"));
        }
        pushed("second", 20, 30);

        Result pulled = as(TeamUsers.B, "pull", "--cache", "cache", "--shared", shared(), "--shared-endpoint", server.url());

        assertThat(pulled.out).as(pulled.all()).contains("1 pack and 0 loose entries downloaded");
        for (Path leftover : leftovers) {
            assertThat(leftover).as("A's scratch is A's to remove").exists();
        }
    }

    private String shared() {
        return "s3://" + S3ProxyServer.BUCKET + "/team";
    }

    /** Pushes Grid::twice of {@code from} to {@code to} (exclusive), computed in a root of this test's, as a pack. */
    private void pushed(String name, int from, int to) throws IOException {
        Path root = Files.createDirectories(workspace.resolve("elsewhere-" + name));
        CacheMarker.markRoot(root);
        try (var f = Mppfc.cache(Grid::twice).path(root).build()) {
            for (long x = from; x < to; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(root, null);
        try (S3Store store = server.store("team")) {
            SharedPush.push(root, store, null, SharedProgress.NONE);
        }
    }

    private record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n" + out + err;
        }
    }

    /** The real jar, run by {@code user} (umask 077) in a JVM of its own; it must end well, without a warning. */
    private Result as(String user, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                workspace.resolve("mppfc.jar").toString()));
        command.addAll(List.of(args));
        StringBuilder quoted = new StringBuilder("umask 077 && exec");
        for (String word : command) {
            quoted.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        Result r = run(user, quoted.toString());
        assertThat(r.exitCode).as(user + ": mppfc " + String.join(" ", args) + "\n" + r.all()).isZero();
        assertThat(r.out + r.err).as(user + ": mppfc " + String.join(" ", args))
                .doesNotContainIgnoringCase("permission denied").doesNotContain("AccessDenied").doesNotContain("WARN");
        return r;
    }

    private void shell(String user, String script) throws Exception {
        Result r = run(user, script);
        assertThat(r.exitCode).as(r.all()).isZero();
    }

    private Result run(String user, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("runuser", "-u", user, "--", "sh", "-c", script)
                .directory(project.toFile());
        builder.environment().putAll(S3ProxyServer.environment());
        Process p = builder.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(user + " " + script + " ends").isTrue();
        return new Result(p.exitValue(), out, err.get(30, TimeUnit.SECONDS));
    }
}
