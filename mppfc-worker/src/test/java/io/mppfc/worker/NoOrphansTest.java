package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class NoOrphansTest {

    @Test
    void workersExitWhenTheirCoordinatorIsKilledWithSigkill(@TempDir Path root) throws Exception {
        Process coordinator = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), OrphanCoordinator.class.getName(), root.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProcessHandle> workers;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the coordinator reports its workers").startsWith("WORKERS ");
            workers = Arrays.stream(line.substring(8).trim().split(" ")).map(Long::parseLong)
                    .map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
            assertThat(workers).hasSize(2).allMatch(ProcessHandle::isAlive);
            coordinator.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long killedAt = System.nanoTime();
        for (ProcessHandle worker : workers) {
            worker.onExit().get(30, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(seconds).as("workers gone within 5 s of their coordinator").isLessThan(5.0);
    }
}
