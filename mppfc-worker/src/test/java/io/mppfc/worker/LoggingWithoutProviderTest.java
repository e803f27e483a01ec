package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A new user's program binds no SLF4J provider: workers stay quiet about SLF4J, and what they print is seen. */
@Timeout(120)
class LoggingWithoutProviderTest {

    @TempDir
    Path root;

    /** What the coordinator printed on stderr; its stdout must stay empty. */
    private String unloggedCoordinatorsStderr() throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
        Process coordinator = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", classpath,
                UnloggedCoordinator.class.getName(), root.resolve("c").toString()).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(coordinator.getInputStream()));
        String err = read(coordinator.getErrorStream());
        assertThat(coordinator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.exitValue()).as(err).isZero();
        assertThat(out.join()).isEmpty();
        return err;
    }

    @Test
    void aLaunchersStartNoteOnAWorkersStderrIsNotPrinted() throws Exception {
        String err = unloggedCoordinatorsStderr();
        assertThat(err).contains("\nworker 1: noise line 0 of task 1\n").doesNotContain("mppfc-start:");
    }

    @Test
    void workerOutputReachesStderrAndNoWorkerPrintsSlf4jsWarning() throws Exception {
        String err = unloggedCoordinatorsStderr();
        assertThat(err).contains("\nworker 1: chatter line 0 of task 1\n").contains("\nworker 1: noise line 0 of task 1\n");
        assertThat(err.split("No SLF4J providers", -1)).as("only the coordinator's own JVM warns, once:\n" + err).hasSize(2);
    }

    @Test
    void aWorkersOwnWarningReachesStderrOnceInTheCliForm() throws Exception {
        String err = unloggedCoordinatorsStderr();
        assertThat(err.lines().filter(l -> l.contains("the input 7 is odd")))
                .containsExactly("mppfc: warning: worker 1: the input 7 is odd");
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
