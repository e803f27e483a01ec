package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On this machine the workers asked for start one after the other, each once a task waits for
 * it: a JVM starting beside the worker that computes the only task takes its cores.
 */
@Timeout(120)
class LaunchOrderTest {

    @TempDir
    Path root;

    @Test
    void aSecondWorkerStartsOnlyOnceATaskWaitsForIt() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(root).build()) {
            f.startWorkers(2);
            f.apply(2.0);
            Eventually.until("the first task running", () -> f.status().inProgress() == 1);
            assertThat(workerProcesses()).as("worker processes while the only task runs").isEqualTo(1);
            f.apply(0.1);
            Eventually.until("a second worker for the task that waits", () -> workerProcesses() == 2);
            f.awaitAll();
            assertThat(f.cacheOnly(0.1)).isEqualTo(0.2);
        }
    }

    @Test
    void theWorkersNotStartedYetStartOnceTheFirstTaskIsAnswered() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(root).build()) {
            f.startWorkers(2);
            assertThat(f.submit(0.0).get(60, TimeUnit.SECONDS)).isEqualTo(0.0);
            Eventually.until("two workers after the first result", () -> f.status().workers() == 2);
        }
    }

    /** This JVM's worker JVMs (a class data trainee runs under {@code sh}: not one of them). */
    private static long workerProcesses() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .filter(p -> String.join(" ", p.info().arguments().orElse(new String[0])).contains(WorkerMain.class.getName()))
                .count();
    }
}
