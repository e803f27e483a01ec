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

    private static Process coordinator(String mode, Path root) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), OrphanCoordinator.class.getName(), root.toString(), mode)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the line where a test coordinator names its two busy workers (those still alive). */
    private static List<ProcessHandle> workersOf(Process coordinator) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(coordinator.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the coordinator reports its workers").startsWith("WORKERS ");
        List<Long> pids = Arrays.stream(line.substring(8).trim().split(" ")).map(Long::parseLong).toList();
        assertThat(pids).hasSize(2);
        return pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
    }

    @Test
    void aProgramThatEndsWithoutAwaitAllExitsAndTakesItsWorkersWithIt(@TempDir Path root) throws Exception {
        Process coordinator = coordinator("fail", root);
        List<ProcessHandle> workers = workersOf(coordinator);
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).as("the program's JVM exits").isTrue();
        assertThat(coordinator.exitValue()).isEqualTo(1);
        for (ProcessHandle worker : workers) {
            worker.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void workersExitWhenTheirCoordinatorIsKilledWithSigkill(@TempDir Path root) throws Exception {
        Process coordinator = coordinator("wait", root);
        List<ProcessHandle> workers = workersOf(coordinator);
        assertThat(workers).hasSize(2).allMatch(ProcessHandle::isAlive);
        coordinator.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(coordinator.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();
        for (ProcessHandle worker : workers) {
            worker.onExit().get(30, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
        assertThat(seconds).as("workers gone within 5 s of their coordinator").isLessThan(5.0);
    }
}
