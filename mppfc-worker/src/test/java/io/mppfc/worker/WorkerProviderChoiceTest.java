package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.pool.WorkerLogging;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which SLF4J provider a worker binds: the coordinator's, by name, on the coordinator's own
 * classpath; else what the worker finds itself. Either way its log lines reach the coordinator.
 */
@Timeout(120)
class WorkerProviderChoiceTest {

    private static final String SIMPLE = "org.slf4j.simple.SimpleServiceProvider";

    @TempDir
    Path root;

    private static String withoutSimple() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
    }

    /** The stderr of a coordinator with slf4j-simple (so every forwarded line is logged) and one worker. */
    private String coordinatorsStderr(String workerClasspath, String... workerOptions) throws Exception {
        // the tests' simplelogger.properties keep the workers' forwarded lines out of the build log
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dorg.slf4j.simpleLogger.log.io.mppfc.worker=info", "-cp", System.getProperty("java.class.path"),
                LoggingCoordinator.class.getName(),
                root.resolve("c").toString(), workerClasspath));
        command.addAll(Arrays.asList(workerOptions));
        Process coordinator = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(coordinator.getInputStream()));
        String err = read(coordinator.getErrorStream());
        assertThat(coordinator.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.exitValue()).as(err).isZero();
        assertThat(out.join()).isEmpty();
        return err;
    }

    @Test
    void aWorkerOnTheCoordinatorsClasspathBindsTheCoordinatorsProviderByName() throws Exception {
        String err = coordinatorsStderr("-");
        assertThat(err).contains("worker 1: provider named: " + SIMPLE)
                .contains("WARN io.mppfc.worker.1 - worker 1: logged line of task 1")
                .as("SLF4J's note that it loads a provider by name").doesNotContain("SLF4J(I)");
    }

    @Test
    void aWorkerOnAClasspathWithoutTheCoordinatorsProviderStillStartsAndForwardsItsLines() throws Exception {
        String err = coordinatorsStderr(withoutSimple());
        assertThat(err).contains("worker 1: provider named: " + StderrLoggingProvider.class.getName())
                .contains("WARN io.mppfc.worker.1 - worker 1: logged line of task 1").doesNotContain("SLF4J");
    }

    @Test
    void aWorkerToldOfAProviderItsClasspathLacksLooksForItself() throws Exception {
        String err = coordinatorsStderr(withoutSimple(), "-D" + WorkerLogging.PROVIDER_PROPERTY + "=" + SIMPLE);
        assertThat(err).contains("worker 1: provider named: " + StderrLoggingProvider.class.getName())
                .contains("WARN io.mppfc.worker.1 - worker 1: logged line of task 1").doesNotContain("SLF4J");
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
