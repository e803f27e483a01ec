package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.WorkerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A launcher of the user's own: its command and environment start the worker processes. */
@Timeout(120)
class CustomLauncherTest {

    @TempDir
    Path root;

    /** Local JVMs, with a variable of its own; not "on this machine" as far as mppfc knows. */
    private static final Launcher WITH_ENVIRONMENT = jvm -> {
        WorkerCommand local = new LocalJvmLauncher().command(jvm);
        return new WorkerCommand(local.command(), Map.of("MPPFC_TEST_GREETING", "hello from the launcher"),
                "a custom place");
    };

    @Test
    void theLaunchersEnvironmentReachesTheWorkers() throws Exception {
        Path functionDirectory;
        try (MultiProcCachedFunction1<String, String> f = Mppfc.cache(TestFunctions::environment).path(root)
                .launcher(WITH_ENVIRONMENT).build()) {
            functionDirectory = f.cacheDir();
            assertThat(f.startWorkers(2)).isTrue();
            assertThat(f.submit("MPPFC_TEST_GREETING").get(60, TimeUnit.SECONDS)).isEqualTo("hello from the launcher");
            assertThat(f.submit("PATH").get(60, TimeUnit.SECONDS)).as("the rest of the environment is inherited")
                    .isEqualTo(System.getenv("PATH"));
            f.awaitAll();
            try (Stream<Path> files = Files.list(f.cacheDir())) {
                assertThat(files.map(p -> p.getFileName().toString())).as("the shared-directory check's file, made "
                        + "because the launcher does not run workers on this machine").anyMatch(n -> n.startsWith(".share-"));
            }
        }
        try (Stream<Path> files = Files.list(functionDirectory)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("removed on close").noneMatch(n -> n.startsWith(".share-"));
        }
    }
}
