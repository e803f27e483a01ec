package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data trainee takes only CPU nobody else wants (niceness 19), unless
 * {@code mppfc.cdsTraineeNice} says otherwise. Each test ends its trainee once it has seen it: at
 * the lowest priority on a busy machine it may not finish for minutes.
 */
@Timeout(600)
class TraineePriorityTest {

    @TempDir
    Path root;

    @Test
    void aTraineeRunsAtTheLowestPriority() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice")),
                "no nice here: the trainee runs as any other process");
        assertThat(traineeNiceness()).isEqualTo(19);
    }

    @Test
    void aTraineeToldNiceness0RunsAsThisProgramDoes() throws Exception {
        assertThat(traineeNiceness(TestClassData.AT_NORMAL_PRIORITY)).isEqualTo(TestClassData.niceness(ProcessHandle.current()));
    }

    private int traineeNiceness(String... options) throws Exception {
        Path archives = root.resolve("cds");
        Path temp = Files.createDirectory(root.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dmppfc.cdsDir=" + archives, "-Djava.io.tmpdir=" + temp));
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShortProgram.class.getName(),
                root.resolve("cache").toString(), JarClasspath.of(root)));
        Process program = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return TestClassData.traineeNiceness(archives);
        } catch (AssertionError e) {
            // what the trainee's scratch holds says how far it got (its cache opened, its job run)
            throw new AssertionError(e.getMessage() + "; the program's temp directory: " + tree(temp), e);
        } finally {
            assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
            TestClassData.endTrainees(archives);
        }
    }

    private static String tree(Path dir) {
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            return all.map(f -> dir.relativize(f) + (Files.isDirectory(f) ? "/" : "")).sorted().toList().toString();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return e.toString();
        }
    }
}
