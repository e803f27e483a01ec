package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.pool.WorkerLogging;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

    /** The stderr of a coordinator with slf4j-simple (so every forwarded line is logged) and one worker. */
    private String coordinatorsStderr(String workerClasspath, String... workerOptions) throws Exception {
        // the tests' simplelogger.properties keep the workers' forwarded lines out of the build log
        List<String> arguments = new ArrayList<>(List.of("-Dorg.slf4j.simpleLogger.log.io.mppfc.worker=info", "-cp",
                System.getProperty("java.class.path"), LoggingCoordinator.class.getName(), root.resolve("c").toString(),
                workerClasspath));
        arguments.addAll(Arrays.asList(workerOptions));
        return JavaProgram.stderrOf(arguments);
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
        String err = coordinatorsStderr(JavaProgram.classpathWithoutSimple());
        assertThat(err).contains("worker 1: provider named: " + StderrLoggingProvider.class.getName())
                .contains("WARN io.mppfc.worker.1 - worker 1: logged line of task 1").doesNotContain("SLF4J");
    }

    @Test
    void aWorkerToldOfAProviderItsClasspathLacksLooksForItself() throws Exception {
        String err = coordinatorsStderr(JavaProgram.classpathWithoutSimple(), "-D" + WorkerLogging.PROVIDER_PROPERTY + "=" + SIMPLE);
        assertThat(err).contains("worker 1: provider named: " + StderrLoggingProvider.class.getName())
                .contains("WARN io.mppfc.worker.1 - worker 1: logged line of task 1").doesNotContain("SLF4J");
    }
}
