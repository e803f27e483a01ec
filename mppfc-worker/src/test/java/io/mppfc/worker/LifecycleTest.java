package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.NumProc;
import io.mppfc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The original's behaviour tests, ported: join and terminate counters, errors, average time. */
@Timeout(120)
class LifecycleTest {

    @TempDir
    Path root;

    private MultiProcCachedFunction1<Double, Double> sleepy() {
        return Mppfc.cache(TestFunctions::sleepy).path(root).build();
    }

    /** Waits until both workers hold a running task: the moment the original's tests join. */
    private static void awaitBothRunning(MultiProcCachedFunction1<Double, Double> f) throws InterruptedException {
        Eventually.until("two tasks running", () -> f.status().inProgress() == 2);
    }

    @Test
    void joinLetsRunningTasksFinishAndKeepsTheRestQueued() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            f.startWorkers(2);
            // a second long: both run at once even when one worker starts well after the other
            f.apply(1.0);
            f.apply(1.05);
            awaitBothRunning(f);
            f.apply(0.3);
            f.apply(0.22);
            assertThat(f.join(Duration.ofSeconds(30))).isTrue();
            Status afterJoin = f.status();
            assertThat(afterJoin.done()).isEqualTo(2);
            assertThat(afterJoin.waiting()).isEqualTo(2);
            assertThat(afterJoin.inProgress()).isZero();
            assertThat(afterJoin.workers()).isZero();
            assertThat(f.hasKey(1.0)).isTrue();
            assertThat(f.hasKey(1.05)).isTrue();

            assertThat(f.startWorkers(2)).isTrue();
            f.awaitAll();
            assertThat(f.status().done()).isEqualTo(4);
            assertThat(f.status().waiting()).isZero();
            assertThat(f.cacheOnly(0.3)).isEqualTo(0.6);
        }
    }

    @Test
    void aTaskStillQueuedWhenTheFunctionIsClosedFailsRatherThanWaitForEver() {
        CompletableFuture<Double> queued;
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            queued = f.submit(0.1); // no workers: it waits for a startWorkers that never comes
        }
        // a thread waiting on it (a consumer of the futures) waited for ever
        assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ErroneousFunctionCall.class).hasMessageContaining("closed");
    }

    @Test
    void terminateCountsRunningTasksAsDoneWithoutCachingThem() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            f.startWorkers(2);
            f.apply(5.0);
            f.apply(5.1);
            awaitBothRunning(f);
            f.apply(0.2);
            f.apply(0.3);
            assertThat(f.terminate(Duration.ofSeconds(30))).isTrue();
            Status status = f.status();
            assertThat(status.done()).isEqualTo(2);
            assertThat(status.waiting()).isEqualTo(2);
            assertThat(status.workers()).isZero();
            assertThat(f.hasKey(5.0)).isFalse();
            assertThat(f.hasKey(5.1)).isFalse();
            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).count()).isZero();

            f.startWorkers(2);
            f.awaitAll();
            assertThat(f.hasKey(0.2)).isTrue();
            assertThat(f.hasKey(0.3)).isTrue();
            assertThat(f.hasKey(5.0)).isFalse();
        }
    }

    @Test
    void failedCallThrowsTheWorkersExceptionWhileWorkersRunAndIsNotCached() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root).build()) {
            f.startWorkers(2);
            assertThat(f.apply(1)).isNull();
            assertThat(f.apply(2)).isNull();
            Eventually.until("both tasks ended", () -> f.status().failed() + f.status().done() == 2);
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> f.apply(1)).isInstanceOfSatisfying(ErroneousFunctionCall.class, e -> {
                    assertThat(e.exceptionClass()).isEqualTo("java.lang.IllegalArgumentException");
                    assertThat(e.exceptionMessage()).isEqualTo("odd input 1");
                    assertThat(e.remoteStackTrace()).contains("TestFunctions.failing")
                            .contains("Caused by: java.lang.IllegalStateException: root cause");
                    assertThat(e).hasMessageContaining("failing(1)");
                    assertThat(e.getCause()).as("the worker's exception, rebuilt")
                            .hasToString("java.lang.IllegalArgumentException: odd input 1");
                    assertThat(e.getCause().getStackTrace()[0].getMethodName()).isEqualTo("failing");
                    assertThat(e.getCause().getCause()).hasToString("java.lang.IllegalStateException: root cause");
                });
            }
            assertThat(f.apply(2)).isEqualTo(2);
            f.awaitAll();
            assertThat(f.status().issuedTotal()).isEqualTo(2);
            assertThat(f.status().failed()).isEqualTo(1);
            assertThat(f.hasKey(1)).isFalse();
        }
    }

    @Test
    void averageTimeAndEstimatesFollowTheTasks() {
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            f.startWorkers(2);
            for (int i = 0; i < 4; i++) {
                f.apply(0.2 + i / 1000.0);
            }
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                f.awaitAll(Duration.ofMillis(100));
            } finally {
                System.setErr(stderr);
            }
            List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith("waiting ")).toList();
            assertThat(lines).as("a status line every 100 ms, one per line when not on a terminal").hasSizeGreaterThan(2);
            assertThat(lines.get(lines.size() - 1)).contains("done 4").contains("workers");
            Status status = f.status();
            assertThat(status.averageTime()).isBetween(Duration.ofMillis(195), Duration.ofMillis(600));
            assertThat(status.issuedTotal()).isEqualTo(4);
            assertThat(status.toString()).contains("done 4").contains("failed 0").contains("total 4");
        }
    }

    @Test
    void startingWhileRunningReturnsFalse() {
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            assertThat(f.startWorkers(NumProc.parse("1"))).isTrue();
            assertThat(f.startWorkers(1)).isFalse();
            f.awaitAll();
            assertThat(f.startWorkers(1)).isTrue();
            f.awaitAll();
        }
    }

    @Test
    void tooManyWorkersIsRefusedWithTheCoreCount() {
        try (MultiProcCachedFunction1<Double, Double> f = sleepy()) {
            int cores = Runtime.getRuntime().availableProcessors();
            assertThatThrownBy(() -> f.startWorkers(cores + 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(cores + " cores");
        }
    }

    @Test
    void submitCompletesWithTheValueOrTheFailure() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root).build()) {
            CompletableFuture<Integer> even = f.submit(4);
            CompletableFuture<Integer> odd = f.submit(7);
            assertThat(even).isNotDone(); // queued: no workers yet
            f.startWorkers(2);
            assertThat(even.get(60, TimeUnit.SECONDS)).isEqualTo(4);
            assertThatThrownBy(() -> odd.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ErroneousFunctionCall.class).hasMessageContaining("odd input 7");
            assertThat(f.submit(4)).isCompletedWithValue(4);
            f.awaitAll();
        }
    }
}
