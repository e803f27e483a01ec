package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.Mppfc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The absent flag end to end, with a real worker JVM: the coordinator's lookup finds nothing, so
 * the worker publishes its result in a batch without a search; meanwhile another writer of the
 * cache stores the same key loose. The caller's future is completed with whatever a read finds
 * after the DONE, taken as fresh whatever its age.
 */
@Timeout(120)
class AbsentKeyStaleServedTest {

    private static final Duration STALE_AFTER = Duration.ofMillis(500);
    /** TestFunctions#pidAfterSleeping: 1.5 s of work, three times staleAfter, ahead in the one worker's queue. */
    private static final int SLOW = 1_500_000;
    /** Trivial tasks behind it, whose results the worker publishes in one batch (a batch of one is written loose). */
    private static final int QUICK = -5;
    private static final int QUICK_TOO = -6;

    @TempDir
    Path root;

    @Test
    void aSubmitIsNotAnsweredWithAnEntryOlderThanStaleAfterThatAnotherWriterStoredWhileItsTaskWaited() throws Exception {
        try (MultiProcCachedFunction1<Integer, Long> f = Mppfc.cache(TestFunctions::pidAfterSleeping).path(root)
                        .staleAfter(STALE_AFTER).build();
                MultiProcCachedFunction1<Integer, Long> other = Mppfc.cache(TestFunctions::pidAfterSleeping).path(root)
                        .staleAfter(STALE_AFTER).build()) {
            f.startWorkers(1);
            CompletableFuture<Long> ahead = f.submit(SLOW);
            CompletableFuture<Long> computed = f.submit(QUICK); // looked up now: nothing stored
            CompletableFuture<Long> besideIt = f.submit(QUICK_TOO);
            other.setResult(-1L, QUICK); // another program stores the key meanwhile, loose

            long served = computed.get(90, TimeUnit.SECONDS);
            assertThat(ahead.get(90, TimeUnit.SECONDS)).isPositive();
            assertThat(besideIt.get(90, TimeUnit.SECONDS)).isPositive();

            assertThat(served).as("an entry stored more than staleAfter before the task ended is not fresh")
                    .isNotEqualTo(-1L);
        }
    }
}
