package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions that attack the pipe between worker and coordinator: the coordinator trusts the
 * process's exit and the cache, not what arrives on the pipe. The time bounds catch a wait for
 * the 30 s heartbeat limit, not a speed.
 */
@Timeout(120)
class HostileFunctionTest {

    @TempDir
    Path root;

    private static double secondsSince(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    void aForgedFrameHeaderOnTheRealStdoutDoesNotSwallowTheFramesBehindIt() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::forgeFrameHeader).path(root)
                .build()) {
            f.startWorkers(2);
            long start = System.nanoTime();
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(f.submit(i));
            }
            for (int i = 0; i < 6; i++) {
                assertThat(results.get(i).join()).isEqualTo(i * 10);
            }
            f.awaitAll();
            assertThat(secondsSince(start)).as("seconds for 6 tasks (the heartbeat limit is 30 s)").isLessThan(20);
            assertThat(f.status().done()).isEqualTo(6);
            assertThat(f.status().failed()).isZero();
        }
    }

    @Test
    void forgedDoneFramesAreNeverCountedAsDoneAndEveryFutureFailsAsAFailure() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::forgeDoneFramesThenThrow)
                .path(root).build()) {
            f.startWorkers(2);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(f.submit(i));
            }
            for (CompletableFuture<Integer> result : results) {
                assertThat(result).failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                        .havingCause().isInstanceOf(ErroneousFunctionCall.class);
            }
            f.awaitAll();
            assertThat(f.status().done()).isZero();
            assertThat(f.status().failed()).isEqualTo(6);
            for (int i = 0; i < 6; i++) {
                assertThat(f.hasKey(i)).isFalse();
            }
        }
    }

    @Test
    void aWorkerThatExitedIsDeadAtOnceEvenWhenItsChildKeepsThePipesOpen() throws Exception {
        Path pids = root.resolve("children.txt");
        try (MultiProcCachedFunction2<String, Integer, Integer> f = Mppfc.cache(TestFunctions::leaveAChildHoldingThePipes)
                .path(root.resolve("cache")).build()) {
            f.startWorkers(2);
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                f.apply(pids.toString(), i);
            }
            f.awaitAll();
            assertThat(secondsSince(start)).as("seconds until both deaths were noticed (the heartbeat limit is 30 s)")
                    .isLessThan(20);
            try {
                f.apply(pids.toString(), 1);
                throw new AssertionError("the task that halts its worker has no result");
            } catch (ErroneousFunctionCall e) {
                assertThat(e.kind()).isEqualTo(FailureKind.WORKER_DIED);
                assertThat(e.exceptionMessage()).contains("exited with code 7");
            }
            for (int i : new int[] {0, 2, 3}) {
                assertThat(f.cacheOnly(pids.toString(), i)).isEqualTo(i);
            }
        } finally {
            if (Files.exists(pids)) {
                for (String pid : Files.readAllLines(pids)) {
                    ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    @Test
    void aFutureCompletesExceptionallyOnlyWithTheFunctionsFailure() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root).build()) {
            f.startWorkers(1);
            CompletableFuture<Integer> result = f.submit(1); // odd: it throws
            assertThat(result).failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                    .havingCause().isInstanceOfSatisfying(ErroneousFunctionCall.class,
                            e -> assertThat(e.kind()).isEqualTo(FailureKind.THREW));
            f.awaitAll();
        } catch (CompletionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void afterCloseNothingWaitsForWorkersThatAreGone() throws Exception {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root).build();
        f.startWorkers(1);
        assertThat(f.submit(3).get(60, TimeUnit.SECONDS)).isEqualTo(3);
        f.close();
        assertThat(f.status().done()).as("the counters as they were").isEqualTo(1);
        assertThat(f.submit(4)).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ErroneousFunctionCall.class,
                        e -> assertThat(e.kind()).isEqualTo(FailureKind.WORKERS_UNAVAILABLE));
        assertThat(f.join(java.time.Duration.ofSeconds(1))).isTrue();
        f.awaitAll();
        assertThat(f.apply(5)).as("computed here, as without workers").isEqualTo(5);
    }
}
