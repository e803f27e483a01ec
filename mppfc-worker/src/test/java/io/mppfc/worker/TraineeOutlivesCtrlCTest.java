package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in a terminal sends SIGINT to every process of the foreground group, and the class-data
 * trainee and its {@code sh} are in the program's group. The trainee is meant to outlive the
 * program; it died instead, and its {@code sh} with it, before the {@code rm} that removes its
 * scratch directory from the program's temp directory: one directory left in {@code /tmp} for
 * each first run a user interrupted, and no class data made.
 */
@Timeout(600)
class TraineeOutlivesCtrlCTest {

    @TempDir
    Path root;

    @Test
    void aTraineeSentSigintAsCtrlCSendsItFinishesItsClassDataAndRemovesItsScratch() throws Exception {
        Path temp = Files.createDirectory(root.resolve("tmp"));
        Path archives = root.resolve("cds");
        // as from a terminal: SIGINT and SIGHUP at their default, whatever this test JVM inherited
        Process program = new ProcessBuilder("env", "--default-signal=INT,HUP",
                ProcessHandle.current().info().command().orElse("java"), "-Djava.io.tmpdir=" + temp,
                "-Dmppfc.cdsDir=" + archives, TestClassData.AT_NORMAL_PRIORITY, "-cp", System.getProperty("java.class.path"),
                ShortProgram.class.getName(), root.resolve("cache").toString(), JarClasspath.of(root))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> trainee = new ArrayList<>();
        Eventually.until("the trainee's JVM running", TestClassData.SECONDS, () -> {
            trainee.addAll(TestClassData.traineeOnceRunning(archives));
            return !trainee.isEmpty();
        }, () -> TestClassData.traineeState(archives));
        List<String> ctrlC = new ArrayList<>(List.of("kill", "-INT"));
        trainee.stream().filter(p -> p.pid() != program.pid()).forEach(p -> ctrlC.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(ctrlC).start().waitFor()).isZero();
        assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();

        TestClassData.await("the trainee ended", archives, () -> trainee.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(TestClassData.archivesIn(archives)).as("class data made").isNotEmpty();
        assertThat(TestClassData.traineeScratchIn(temp)).isEmpty();
    }
}
