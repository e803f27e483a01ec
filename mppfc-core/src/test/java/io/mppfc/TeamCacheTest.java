package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A cache made for a group ({@code sharedWithGroup}): its modes, whatever the umask, and how permissions are judged. */
@Timeout(120)
class TeamCacheTest {

    @TempDir
    Path dir;

    /** A group this user is in: the one its temp directory was given. */
    private String group;

    static double cube(double x) {
        return x * x * x;
    }

    @BeforeEach
    void aGroupOfThisUser() throws IOException {
        group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();
    }

    @Test
    void aTeamsCacheWrittenUnderUmask077IsTheGroupsAllTheSame() throws Exception {
        Path root = dir.resolve("team");
        ProcessResult run = runUnderUmask077(root, group, 0, 9);
        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(mode(dir.resolve("umask-probe-0")) & 07777).as("the program really ran with umask 077").isEqualTo(0600);
        assertThat(CacheInventory.packedEntries(CacheInventory.functionDirectories(root).get(0))).hasSize(10);
        assertEverythingIsTheGroups(root);
        assertHoldsEveryKindOfFile(root);
    }

    @Test
    void aLaterProgramWithoutTheOptionKeepsToTheTeamsModes() throws Exception {
        Path root = dir.resolve("team");
        assertThat(runUnderUmask077(root, group, 0, 4).exitCode).isZero();
        ProcessResult later = runUnderUmask077(root, "-", 5, 9);
        assertThat(later.exitCode).as(later.output).isZero();
        assertThat(CacheInventory.packedEntries(CacheInventory.functionDirectories(root).get(0))).hasSize(10);
        assertEverythingIsTheGroups(root);
    }

    @Test
    void strictPermissionsAcceptsTheTeamsOwnDirectories() {
        Path root = dir.resolve("team");
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).strictPermissions(true).build()) {
            assertThat(f.apply(2.0)).isEqualTo(8.0);
        }
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).strictPermissions(true).build()) {
            assertThat(f.apply(2.0)).as("a hit, for a program that does not say the cache is a team's").isEqualTo(8.0);
        }
    }

    @Test
    void strictPermissionsRefusesATeamsCacheThatOthersMayWrite() throws IOException {
        Path root = dir.resolve("team");
        Path function;
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).build()) {
            f.apply(2.0);
            function = f.cacheDir();
        }
        Files.setAttribute(function, "unix:mode", 02777);
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(root).strictPermissions(true).build())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("world-writable")
                .hasMessageContaining("chmod o-w");
    }

    @Test
    void strictPermissionsStillRefusesAGroupWritableDirectoryOfAnOwnerOnlyCache() throws IOException {
        Path root = dir.resolve("own");
        Path function;
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).build()) {
            f.apply(2.0);
            function = f.cacheDir();
        }
        assertThat(mode(root) & 07777).isEqualTo(0700);
        Files.setAttribute(function, "unix:mode", 02770); // a team's mode, below a root that is not a team's
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(root).strictPermissions(true).build())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("group-writable");
    }

    @Test
    void aCacheInASharedProjectDirectoryIsOwnerOnlyUnlessMadeATeams() throws IOException {
        Path project = Files.createDirectory(dir.resolve("project"));
        Files.setAttribute(project, "unix:mode", 02770);
        Path root = project.resolve("mine");
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).strictPermissions(true).build()) {
            f.apply(2.0);
        }
        assertThat(mode(root) & 0077).as("the root's group and others get nothing").isZero();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                assertThat(mode(p) & 0077).as(p.toString()).isZero();
            }
        }
    }

    @Test
    void anOwnerOnlyCacheIsRefusedWithTheCommandsThatShareIt() {
        Path root = dir.resolve("own");
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).build()) {
            f.apply(2.0);
        }
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).build())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("is not shared with a group")
                .hasMessageContaining("chgrp -R " + group).hasMessageContaining("chmod g+s");
    }

    @Test
    void anOwnerOnlyCacheSharedWithChmodIsATeamsCache() throws Exception {
        Path root = dir.resolve("own");
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).build()) {
            f.apply(2.0);
        }
        String recipe = "chgrp -R " + group + " " + root + " && chmod -R g+rwX,o-rwx " + root + " && find " + root
                + " -type d -exec chmod g+s {} +";
        Process sh = new ProcessBuilder("sh", "-c", recipe).redirectErrorStream(true).start();
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).isZero();
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).strictPermissions(true).build()) {
            assertThat(f.apply(2.0)).isEqualTo(8.0);
            assertThat(f.apply(3.0)).isEqualTo(27.0);
        }
        assertEverythingIsTheGroups(root);
    }

    @Test
    void aDamagedEntryOfATeamsCacheIsQuarantinedIntoADirectoryOfTheTeams() throws IOException {
        Path root = dir.resolve("team");
        Path function;
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).build()) {
            f.apply(2.0);
            function = f.cacheDir();
        }
        Path entry = CacheInventory.entries(function).get(0).path();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(entry, bytes);
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).build()) {
            assertThat(f.apply(2.0)).as("computed again").isEqualTo(8.0);
        }
        assertThat(function.resolve(".quarantine")).isDirectoryContaining(p -> true);
        assertEverythingIsTheGroups(root);
    }

    @Test
    void aTeamsCacheOfAnotherGroupIsRefusedNamingBoth() throws IOException {
        String other = null;
        for (String candidate : List.of("daemon", "nogroup", "users", "staff", "wheel")) {
            try {
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(candidate);
                if (!candidate.equals(group)) {
                    other = candidate;
                    break;
                }
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
                // not on this machine
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "no second group on this machine");
        Path root = dir.resolve("team");
        try (var f = Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(group).build()) {
            f.apply(2.0);
        }
        String second = other;
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(root).sharedWithGroup(second).build())
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is shared with group " + group + ", not " + second);
        assertEverythingIsTheGroups(root);
    }

    @Test
    void anUnknownGroupIsNamed() {
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(dir.resolve("c")).sharedWithGroup("no-such-group-x")
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sharedWithGroup(\"no-such-group-x\")").hasMessageContaining("no group named");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void aReadOnlyTeamsCacheIsAContradiction() {
        assertThatThrownBy(() -> Mppfc.cache(TeamCacheTest::cube).path(dir.resolve("c")).sharedWithGroup(group)
                .readOnly(true).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readOnly");
    }

    /** Every directory setgid 2770 and every file 0660, all of the group. */
    private void assertEverythingIsTheGroups(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                assertThat(a.group().getName()).as(p + "'s group").isEqualTo(group);
                if (a.isDirectory()) {
                    assertThat(Integer.toOctalString(mode(p) & 07777)).as(p.toString()).isEqualTo("2770");
                } else {
                    assertThat(a.isRegularFile()).as(p.toString()).isTrue();
                    assertThat(PosixFilePermissions.toString(a.permissions())).as(p.toString()).isEqualTo("rw-rw----");
                }
            }
        }
    }

    /** What the program makes: marker, fingerprint, layout, pack, maintenance lock. */
    private static void assertHoldsEveryKindOfFile(Path root) throws IOException {
        List<Path> seen;
        try (Stream<Path> all = Files.walk(root)) {
            seen = all.map(root::relativize).toList();
        }
        assertThat(seen).as("the kinds of file a cache holds")
                .anyMatch(p -> p.toString().equals(".mppfc-cache"))
                .anyMatch(p -> p.startsWith(".code") && p.getNameCount() == 2)
                .anyMatch(p -> p.endsWith("layout"))
                .anyMatch(p -> p.toString().contains("packs") && p.toString().endsWith(".mpk"))
                .anyMatch(p -> p.endsWith(".gc.lock"));
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private record ProcessResult(int exitCode, String output) {
    }

    private ProcessResult runUnderUmask077(Path root, String group, int from, int to) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 077 && exec \"$0\" \"$@\"",
                ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                TeamCacheProgram.class.getName(), root.toString(), group, Integer.toString(from), Integer.toString(to)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the program ends").isTrue();
        return new ProcessResult(p.exitValue(), output);
    }
}
