package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that change files touch only mppfc's own directories; commands that read change nothing. */
class NonCacheDirectoriesTest {

    @TempDir
    Path dir;

    /** Every path with its type, size, time and content: what must not change. */
    private static List<String> snapshot(Path root) throws Exception {
        List<String> state = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                state.add(root.relativize(p) + " " + a.isDirectory() + " " + a.size() + " " + a.lastModifiedTime()
                        + (a.isRegularFile() ? " " + java.util.Arrays.hashCode(Files.readAllBytes(p)) : ""));
            }
        }
        return state;
    }

    private Path project() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("src/main/java/App.java"), "class App {}");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        return project;
    }

    private Path cache() {
        Path root = dir.resolve("c");
        try (var picky = Mppfc.cache(Grid::picky).path(root).build()) {
            for (int i = 0; i < 5; i++) {
                picky.apply(i);
            }
        }
        return root;
    }

    private static void assertRefused(CliProcess.Result r) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains("is not an mppfc cache").doesNotContain("Exception");
    }

    @Test
    void clearRefusesAProjectDirectoryAndDeletesNothing() throws Exception {
        Path project = project();
        List<String> before = snapshot(project);
        assertRefused(CliInProcess.run("clear", "--cache", project.toString(), "--function", "src", "--yes"));
        assertThat(snapshot(project)).isEqualTo(before);
    }

    @Test
    void clearOfADirectoryInACacheThatIsNotAFunctionDeletesNothing() throws Exception {
        Path root = cache();
        Files.createDirectories(root.resolve("notes"));
        Files.writeString(root.resolve("notes/todo.txt"), "mine");
        CliProcess.Result r = CliInProcess.run("clear", "--cache", root.toString(), "--function", "notes", "--yes");
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("holds no function notes");
        assertThat(root.resolve("notes/todo.txt")).hasContent("mine");
    }

    @Test
    void verifyPackGcAndUpgradeRefuseAProjectDirectoryAndCreateNothing() throws Exception {
        Path project = project();
        List<String> before = snapshot(project);
        String cache = project.toString();
        assertRefused(CliInProcess.run("verify", "--cache", cache));
        assertRefused(CliInProcess.run("pack", "--cache", cache));
        assertRefused(CliInProcess.run("gc", "--cache", cache, "--max-size", "1M"));
        assertRefused(CliInProcess.run("gc", "--cache", cache, "--keep-code-versions", "1"));
        assertRefused(CliInProcess.run("upgrade", "--cache", cache));
        assertThat(snapshot(project)).isEqualTo(before);
    }

    @Test
    void prewarmRefusesADirectoryOfTheUsersButTakesANewOrEmptyOne() throws Exception {
        Path project = project();
        Files.writeString(dir.resolve("in.jsonl"), "[1]\n");
        List<String> before = snapshot(project);
        CliProcess.Result r = CliInProcess.run("prewarm", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--cache", project.toString(), "--args", dir.resolve("in.jsonl").toString());
        assertRefused(r);
        assertThat(r.err()).contains("or a new or empty directory");
        assertThat(snapshot(project)).isEqualTo(before);
    }

    @Test
    void readOnlyCommandsOnAProjectDirectoryRefuseAndCreateNothing() throws Exception {
        Path project = project();
        List<String> before = snapshot(project);
        assertRefused(CliInProcess.run("status", "--cache", project.toString()));
        assertRefused(CliInProcess.run("ls", "--cache", project.toString()));
        assertRefused(CliInProcess.run("failures", "--cache", project.toString()));
        assertThat(snapshot(project)).isEqualTo(before);
    }

    @Test
    void readOnlyCommandsLeaveACacheByteForByteUnchanged() throws Exception {
        Path root = cache();
        List<String> before = snapshot(root);
        String function = Grid.class.getName() + "::picky";
        for (String[] args : List.of(new String[] {"status", "--cache", root.toString()},
                new String[] {"ls", "--cache", root.toString()},
                new String[] {"ls", "--cache", root.toString(), "--function", function, "--json"},
                new String[] {"failures", "--cache", root.toString()},
                new String[] {"get", "--cache", root.toString(), "--function", function, "--classpath",
                        CliProcess.FIXTURES, "--args", "[3]"},
                new String[] {"get", "--cache", root.toString(), "--function", function, "--classpath",
                        CliProcess.FIXTURES, "--args", "[99]"})) {
            CliProcess.Result r = CliInProcess.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.all()).isIn(0, 1);
            assertThat(snapshot(root)).as(String.join(" ", args)).isEqualTo(before);
        }
    }

    @Test
    void aCacheOfAnEarlierVersionIsReadWithoutMarkingAndMarkedByTheFirstCommandThatWrites() throws Exception {
        Path root = cache();
        Files.delete(root.resolve(CacheMarker.FILE));
        CliProcess.Result status = CliInProcess.run("status", "--cache", root.toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        assertThat(root.resolve(CacheMarker.FILE)).doesNotExist();
        CliProcess.Result pack = CliInProcess.run("pack", "--cache", root.toString());
        assertThat(pack.exitCode()).as(pack.all()).isZero();
        assertThat(root.resolve(CacheMarker.FILE)).isRegularFile();
    }

    @Test
    void clearStillDeletesAFunctionOfACache() throws Exception {
        Path root = cache();
        CliProcess.Result r = CliInProcess.run("clear", "--cache", root.toString(), "--function",
                Grid.class.getName() + "::picky", "--yes");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("5 entries");
        assertThat(io.mppfc.cache.maintenance.CacheInventory.functionDirectories(root)).isEmpty();
    }
}
