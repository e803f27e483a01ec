package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
        return JavaProgram.stderrOf(List.of("-cp", JavaProgram.classpathWithoutSimple(),
                UnloggedCoordinator.class.getName(), root.resolve("c").toString()));
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
}
