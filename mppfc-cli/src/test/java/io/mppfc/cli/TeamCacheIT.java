package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A team's cache used by two real users of one group, each running the real jar in JVMs of their
 * own ({@code runuser}): one with umask 022, one with 077. Needs root to make the users; skipped
 * otherwise.
 */
@Timeout(600)
class TeamCacheIT {

    private static final String TWICE = Grid.class.getName() + "::twice";
    private static final String PICKY = Grid.class.getName() + "::picky";

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
    void aWorkspaceBothUsersCanRead() throws IOException {
        team = TeamWorkspace.create("mppfc-team-it");
        workspace = team.root();
        project = team.project();
        write("a.jsonl", "[1]\n[2]\n[3]\n[4]\n");
        write("b.jsonl", "[5]\n[6]\n[7]\n");
    }

    @AfterEach
    void removeTheWorkspace() throws IOException {
        team.delete();
    }

    @Test
    void twoMembersComputeReadPackAndCollectOneCacheWithoutPermissionErrors() throws Exception {
        Result made = as(TeamUsers.A, "022", "prewarm", "--function", TWICE, "--classpath", classes(), "--args",
                workspace.resolve("a.jsonl").toString(), "--workers", "1", "--cache", "cache",
                "--shared-with-group", TeamUsers.GROUP);
        assertThat(made.out).as(made.all()).contains("4 computed");
        assertTeamModes(Set.of(TeamUsers.A));

        Result read = as(TeamUsers.B, "077", "get", "--function", TWICE, "--classpath", classes(), "--cache", "cache",
                "--args", "[3]");
        assertThat(read.out.strip()).as(read.all()).isEqualTo("6");

        Result added = as(TeamUsers.B, "077", "prewarm", "--function", TWICE, "--classpath", classes(), "--args",
                workspace.resolve("b.jsonl").toString(), "--workers", "1", "--cache", "cache");
        assertThat(added.out).as(added.all()).contains("3 computed");
        Result both = as(TeamUsers.A, "022", "prewarm", "--function", TWICE, "--classpath", classes(), "--args",
                workspace.resolve("b.jsonl").toString(), "--cache", "cache");
        assertThat(both.out).as("A hits what B computed: " + both.all()).contains("0 computed, 3 already cached");
        assertTeamModes(Set.of(TeamUsers.A, TeamUsers.B));

        Result packed = as(TeamUsers.A, "022", "pack", "--cache", "cache");
        assertThat(packed.out).as(packed.all()).contains("7 entries");
        assertTeamModes(Set.of(TeamUsers.A)); // B's loose files, gathered into A's pack and removed by A



        Result kept = as(TeamUsers.B, "077", "gc", "--cache", "cache", "--max-size", "1G");
        assertThat(kept.out).as(kept.all()).contains("0 evicted");
        assertTeamModes(Set.of());
        Result hit = as(TeamUsers.B, "077", "get", "--function", TWICE, "--classpath", classes(), "--cache", "cache",
                "--args", "[1]");
        assertThat(hit.out.strip()).as("B reads from A's pack: " + hit.all()).isEqualTo("2");
        Result verified = as(TeamUsers.A, "022", "verify", "--cache", "cache");
        assertThat(verified.out).as(verified.all()).contains("7 entries");

        Result evicted = as(TeamUsers.B, "077", "gc", "--cache", "cache", "--older-than", "0s");
        assertThat(evicted.out).as("B removes what A packed: " + evicted.all()).contains("7 evicted");
        assertTeamModes(Set.of());
    }

    @Test
    void aFailureOneMemberRecordedIsKnownToTheOtherAndEitherClearsTheOthersFiles() throws Exception {
        write("fail-a.jsonl", "[1]\n[-3]\n");
        write("fail-b.jsonl", "[1]\n[-3]\n[-5]\n");
        Result failed = as(TeamUsers.A, "022", 1, "prewarm", "--function", PICKY, "--classpath", classes(), "--args",
                workspace.resolve("fail-a.jsonl").toString(), "--workers", "1", "--cache", "cache",
                "--shared-with-group", TeamUsers.GROUP);
        assertThat(failed.out).as(failed.all()).contains("1 computed").contains("1 failed");

        Result known = as(TeamUsers.B, "077", 1, "prewarm", "--function", PICKY, "--classpath", classes(), "--args",
                workspace.resolve("fail-b.jsonl").toString(), "--workers", "1", "--cache", "cache", "--skip-failed");
        assertThat(known.out).as("A's record read by B, B's new failure recorded: " + known.all())
                .contains("1 known from earlier runs").contains("SKIPPED [-3]");
        Result listed = as(TeamUsers.A, "022", 0, "failures", "--cache", "cache");
        assertThat(listed.out).as(listed.all()).contains("[-3]").contains("[-5]").contains("2 recorded failures");
        assertTeamModes(Set.of(TeamUsers.A, TeamUsers.B));

        as(TeamUsers.A, "022", 0, "clear", "--cache", "cache", "--function", PICKY, "--yes");
        assertThat(io.mppfc.cache.maintenance.CacheInventory.functionDirectories(project.resolve("cache")))
                .as("cleared, B's files and failure records too").isEmpty();
        assertTeamModes(Set.of());
    }

    /** Every directory of the cache setgid 2770 and the team's, every file 0660 and the team's; written by {@code writers}. */
    private void assertTeamModes(Set<String> writers) throws IOException {
        Path cache = project.resolve("cache");
        Set<String> owners = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> all = Files.walk(cache)) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                String expected = a.isDirectory() ? "2770" : "660";
                if (!a.group().getName().equals(TeamUsers.GROUP) || !Integer.toOctalString(mode).equals(expected)
                        || !(a.isDirectory() || a.isRegularFile())) {
                    wrong.add(cache.relativize(p) + " " + PosixFilePermissions.toString(a.permissions()) + " "
                            + Integer.toOctalString(mode) + " " + a.owner().getName() + ":" + a.group().getName());
                }
                owners.add(a.owner().getName());
            }
        }
        assertThat(wrong).as("files and directories not the team's").isEmpty();
        assertThat(owners).as("who wrote the cache").containsAll(writers);
    }

    private record Result(int exitCode, String out, String err) {
        String all() {
            return "exit " + exitCode + "\n" + out + err;
        }
    }

    /** The real jar, run by {@code user} in a JVM of its own with {@code umask}; it must end well, without a permission error. */
    private Result as(String user, String umask, String... args) throws Exception {
        return as(user, umask, 0, args);
    }

    private Result as(String user, String umask, int exitCode, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", user, "--", "sh", "-c",
                "umask " + umask + " && exec \"$0\" \"$@\"", ProcessHandle.current().info().command().orElse("java"),
                "-jar", workspace.resolve("mppfc.jar").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(project.toFile()).start();
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(user + " mppfc " + String.join(" ", args) + " ends").isTrue();
        Result r = new Result(p.exitValue(), out, err.get(30, TimeUnit.SECONDS));
        assertThat(r.exitCode).as(user + ": mppfc " + String.join(" ", args) + "\n" + r.all()).isEqualTo(exitCode);
        assertThat(r.out + r.err).as(user + ": mppfc " + String.join(" ", args))
                .doesNotContainIgnoringCase("permission denied").doesNotContain("AccessDenied")
                .doesNotContainIgnoringCase("not permitted").doesNotContain("WARN");
        return r;
    }

    private String classes() {
        return workspace.resolve("classes").toString();
    }

    private void write(String name, String text) throws IOException {
        team.write(name, text);
    }
}
