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
        Path dir = root.resolve("tmp").resolve("mppfc-cds-me");
        assertThat(ClassDataSharing.ownDirectory(dir)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
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

    @Test
    void noArchiveIsPlannedFromARefusedDirectory() throws Exception {
        Path dir = Files.createDirectory(root.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty("mppfc.cdsDir", dir.toString());
        try {
            Path jar = Files.createFile(root.resolve("lib.jar"));
            assertThat(ClassDataSharing.plan(jar.toString(), true, List.of())).isEqualTo(ClassDataPlan.NONE);
        } finally {
            System.clearProperty("mppfc.cdsDir");
        }
    }

    @Test
    void workersAskedNotToShareClassDataGetNone() throws Exception {
        System.setProperty("mppfc.cdsDir", root.resolve("cds").toString());
        try {
            Path jar = Files.createFile(root.resolve("lib.jar"));
            assertThat(ClassDataSharing.plan(jar.toString(), true, List.of()).jvmOptions()).isNotEmpty();
            assertThat(ClassDataSharing.plan(jar.toString(), true, List.of("-Xmx1g", "-Xshare:off")))
                    .isEqualTo(ClassDataPlan.NONE);
        } finally {
            System.clearProperty("mppfc.cdsDir");
        }
    }

    @Test
    void anAgentKeepsAppCdsFromRecording() throws Exception {
        System.setProperty("mppfc.cdsDir", root.resolve("cds").toString());
        try {
            Path jar = Files.createFile(root.resolve("lib.jar"));
            ClassDataPlan withProfiler = ClassDataSharing.plan(jar.toString(), true, List.of("-agentpath:/opt/ap.so"));
            ClassDataPlan withCoverage = ClassDataSharing.plan(jar.toString(), true, List.of("-javaagent:jacoco.jar"));
            if (Runtime.version().feature() < 24) {
                assertThat(withProfiler).isEqualTo(ClassDataPlan.NONE);
                assertThat(withCoverage).isEqualTo(ClassDataPlan.NONE);
            } else { // the AOT cache records with agents
                assertThat(withProfiler.pending()).isNotNull();
                assertThat(withCoverage.pending()).isNotNull();
            }
        } finally {
            System.clearProperty("mppfc.cdsDir");
        }
    }
}
