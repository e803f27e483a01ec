package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mppfc clear} of a function while a prewarm's workers compute it. On main the prewarm
 * then failed (exit 1) with tasks "FAILED: CacheMissException: no cached result": a worker had
 * stored them and reported them done, and clear removed them before the prewarm read them.
 */
class ClearDuringPrewarmIT {

    private static final String FUNCTION = Grid.class.getName() + "::twice";
    private static final int TUPLES = 20_000;

    @TempDir
    Path dir;

    @Test
    void aPrewarmWhoseFunctionIsClearedMidwayComputesAgainWhatWasRemovedAfterItsWorkerStoredIt() throws Exception {
        Path args = dir.resolve("grid.jsonl");
        Files.write(args, LongStream.range(0, TUPLES).mapToObj(i -> "[" + i + "]").collect(Collectors.toList()));
        Process prewarm = CliProcess.start(dir, "prewarm", "--function", FUNCTION, "--classpath", CliProcess.FIXTURES,
                "--args", args.toString(), "--workers", "2", "--cache", "c");
        prewarm.getOutputStream().close();
        try {
            awaitEntries(dir.resolve("c"), prewarm);
            CliProcess.Result clear = CliInProcess.run("clear", "--cache", dir.resolve("c").toString(), "--function",
                    FUNCTION, "--yes");
            assertThat(clear.exitCode()).as(clear.all()).isZero();
            CliProcess.Result run = CliProcess.finish(prewarm);
            assertThat(run.all()).doesNotContain("CacheMissException");
            assertThat(run.exitCode()).as(run.all()).isZero();
        } finally {
            prewarm.destroyForcibly();
        }
    }

    /** Waits until the workers have stored a few hundred results (the prewarm is midway). */
    private static void awaitEntries(Path root, Process prewarm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            List<Path> functions = Files.isDirectory(root) ? CacheInventory.functionDirectories(root) : List.of();
            if (!functions.isEmpty() && CacheInventory.count(functions.get(0)) > 500) {
                return;
            }
            assertThat(prewarm.isAlive()).as("the prewarm runs").isTrue();
            assertThat(System.nanoTime()).as("the workers store results").isLessThan(deadline);
            Thread.sleep(20); // polls the condition, bounded above
        }
    }
}
