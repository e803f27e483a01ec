package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code failFast(true)}: the first failure stops the workers, and no task starts after it. */
@Timeout(120)
class FailFastTest {

    @TempDir
    Path root;

    @Test
    void noTaskStartsAfterTheFirstFailureEvenOneAWorkerWouldHaveHeldAhead() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root)
                .failFast(true).build()) {
            List<CompletableFuture<Integer>> odd = new ArrayList<>();
            for (int x = 0; x < 80; x += 2) {
                f.submit(x); // quick successes first: a worker running them is given jobs ahead
            }
            for (int x = 1; x < 20; x += 2) {
                odd.add(f.submit(x)); // each fails in microseconds
            }
            f.startWorkers(1);
            f.awaitAll();

            assertThat(f.status().failed()).as(f.status().toString()).isEqualTo(1);
            assertThat(odd.get(0)).isCompletedExceptionally();
            assertThat(odd.subList(1, odd.size())).as("queued, never started").noneMatch(CompletableFuture::isDone);
        }
    }

    @Test
    void theTasksTheFirstFailureLeftQueuedFailWhenTheFunctionIsClosed() throws Exception {
        List<CompletableFuture<Integer>> odd = new ArrayList<>();
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root)
                .failFast(true).build()) {
            for (int x = 1; x < 20; x += 2) {
                odd.add(f.submit(x));
            }
            f.startWorkers(1);
            f.awaitAll();
        }
        for (CompletableFuture<Integer> queued : odd) {
            assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ErroneousFunctionCall.class);
        }
    }
}
