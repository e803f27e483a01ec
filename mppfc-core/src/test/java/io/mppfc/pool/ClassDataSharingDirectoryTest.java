package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class data is code the workers run: it is taken only from a directory no one else can write. */
class ClassDataSharingDirectoryTest {

    @TempDir
    Path root;

    @Test
    void aMissingDirectoryIsMadeOwnerOnly() throws Exception {
        Path dir = root.resolve("mppfc-cds-me");
        assertThat(ClassDataSharing.ownDirectory(dir)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void aMissingTempDirectoryIsNotMadeAndNoClassDataIsShared() throws Exception {
        Path dir = root.resolve("no-such-tmp").resolve("mppfc-cds-me");
        assertThat(ClassDataSharing.ownDirectory(dir)).isFalse();
        assertThat(root.resolve("no-such-tmp")).doesNotExist();
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Path dir = Files.createDirectory(root.resolve("planted"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // past the umask
        assertThat(ClassDataSharing.ownDirectory(dir)).isFalse();
    }

    @Test
    void aLinkInPlaceOfTheDirectoryIsRefused() throws Exception {
        Path target = Files.createDirectory(root.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(root.resolve("mppfc-cds-me"), target);
        assertThat(ClassDataSharing.ownDirectory(link)).isFalse();
    }

    /** The plan for a worker on one jar, with class data kept in {@code archives}. */
    private ClassDataPlan plan(Path archives, String... workerOptions) throws Exception {
        Path jar = root.resolve("lib.jar");
        if (!Files.exists(jar)) {
            Files.createFile(jar);
        }
        System.setProperty("mppfc.cdsDir", archives.toString());
        try {
            return ClassDataSharing.plan(jar.toString(), true, List.of(workerOptions), true);
        } finally {
            System.clearProperty("mppfc.cdsDir");
        }
    }

    @Test
    void noArchiveIsPlannedFromARefusedDirectory() throws Exception {
        Path dir = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(plan(dir)).isEqualTo(ClassDataPlan.NONE);
    }

    @Test
    void workersAskedNotToShareClassDataGetNone() throws Exception {
        assertThat(plan(root.resolve("cds")).jvmOptions()).isNotEmpty();
        assertThat(plan(root.resolve("cds"), "-Xmx1g", "-Xshare:off")).isEqualTo(ClassDataPlan.NONE);
    }

    @Test
    void workersGivenClassDataOfTheUsersOwnGetNoneOfMppfcs() throws Exception {
        // mppfc's option came after the user's on the command line, and the JVM takes the last:
        // the user's own archive was silently replaced by mppfc's, their own recording never made
        for (String own : List.of("-XX:SharedArchiveFile=/home/me/app.jsa", "-XX:AOTCache=/home/me/app.aot",
                "-XX:ArchiveClassesAtExit=/home/me/app.jsa", "-XX:AOTCacheOutput=/home/me/app.aot",
                "-XX:AOTMode=record", "-XX:AOTConfiguration=/home/me/app.aotconf", "-XX:+AutoCreateSharedArchive",
                "-XX:SharedClassListFile=/home/me/classes.lst", "-XX:-UseSharedSpaces")) {
            assertThat(plan(root.resolve("cds"), own)).as(own).isEqualTo(ClassDataPlan.NONE);
        }
    }

    @Test
    void anAgentKeepsAppCdsFromRecording() throws Exception {
        ClassDataPlan withProfiler = plan(root.resolve("cds"), "-agentpath:/opt/ap.so");
        ClassDataPlan withCoverage = plan(root.resolve("cds"), "-javaagent:jacoco.jar");
        if (Runtime.version().feature() < 24) {
            assertThat(withProfiler).isEqualTo(ClassDataPlan.NONE);
            assertThat(withCoverage).isEqualTo(ClassDataPlan.NONE);
        } else { // the AOT cache records with agents
            assertThat(withProfiler.pending()).isNotNull();
            assertThat(withCoverage.pending()).isNotNull();
        }
    }
}
