package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two coordinators (separate JVMs, two workers each) on one cache, computing the same keys at once. */
@Timeout(180)
class SharedCacheTest {

    @Test
    void everyEntryIsValidAndEachValueIsComputedAtMostOncePerCoordinator(@TempDir Path root) throws Exception {
        Path cache = root.resolve("cache");
        Path log = root.resolve("calls.log");
        List<Process> coordinators = List.of(start(cache, log), start(cache, log));
        for (Process p : coordinators) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isZero();
            assertThat(out).contains("MISSING 0");
        }
        Path function = CacheInventory.functionDirectories(cache).get(0);
        assertThat(CacheInventory.count(function)).as("loose or packed").isEqualTo(60);
        assertThat(CacheInventory.verify(function)).as("no damaged entry").isEmpty();
        Map<String, Long> computations = Files.readAllLines(log).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(computations).hasSize(60);
        assertThat(computations.values()).allMatch(n -> n <= 2);
    }

    private static Process start(Path cache, Path log) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), SharedCacheCoordinator.class.getName(), cache.toString(),
                log.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
