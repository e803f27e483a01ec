package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data trainee computes into a scratch directory of its own and leaves nothing in the
 * program's temp directory. Found by an attacker's run: the scratch directory was the trainee's
 * function directory, so the temp directory itself became a cache root ({@code .mppfc-cache}
 * written in {@code /tmp}), which every command then accepted as a cache.
 */
@Timeout(600)
class TraineeLeavesNothingTest {

    @TempDir
    Path root;

    @Test
    void aProgramsTempDirectoryHoldsNoCacheRootAndNoScratchOnceItsClassDataIsMade() throws Exception {
        Path temp = Files.createDirectory(root.resolve("tmp"));
        Path archives = root.resolve("cds");
        Process program = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + temp, "-Dmppfc.cdsDir=" + archives, TestClassData.AT_NORMAL_PRIORITY, "-cp", System.getProperty("java.class.path"),
                ShortProgram.class.getName(), root.resolve("cache").toString(), JarClasspath.of(root))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(program.exitValue()).isZero();
        TestClassData.await("the class data made", archives, () -> !TestClassData.archivesIn(archives).isEmpty());
        TestClassData.await("the trainee's scratch directory removed", archives,
                () -> TestClassData.traineeScratchIn(temp).isEmpty());
        assertThat(temp.resolve(".mppfc-cache")).doesNotExist();
    }
}
