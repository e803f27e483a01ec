package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.HostName;
import io.mppfc.footprint.Footprint;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures in worker JVMs are recorded on disk by the coordinator, with how each happened. */
class FailureRecordsWorkersTest {

    @TempDir
    Path root;

    @Test
    void aThrowAndAWorkerDeathAreRecordedWithTheirKindsAndHosts() throws Exception {
        Path directory;
        try (MultiProcCachedFunction1<Integer, Integer> exits = Mppfc.cache(TestFunctions::exitsOnThree).path(root)
                .build();
                MultiProcCachedFunction1<Integer, Integer> failing = Mppfc.cache(TestFunctions::failing).path(root)
                        .build()) {
            exits.startWorkers(1);
            failing.startWorkers(1);
            settle(exits.submit(3), exits.submit(4));
            settle(failing.submit(1), failing.submit(2));
            exits.awaitAll();
            failing.awaitAll();
            directory = failing.cacheDir();

            FailureRecords.Failure died = only(new FailureRecords(exits.cacheDir()).all());
            assertThat(Footprint.argumentsAsJson(died.arguments())).isEqualTo("[3]");
            assertThat(died.kind()).isEqualTo(FailureKind.WORKER_DIED);
            assertThat(died.message()).contains("exited with code 42");
            assertThat(died.attempts()).as("tried, died, retried once, died").isEqualTo(2);
            assertThat(died.host()).isEqualTo(HostName.get());
        }
        FailureRecords.Failure threw = only(new FailureRecords(directory).all());
        assertThat(Footprint.argumentsAsJson(threw.arguments())).isEqualTo("[1]");
        assertThat(threw.kind()).isEqualTo(FailureKind.THREW);
        assertThat(threw.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(threw.message()).isEqualTo("odd input 1");
        assertThat(threw.stackTrace()).contains("TestFunctions.failing").contains("root cause");
        assertThat(threw.host()).isEqualTo(HostName.get());
        assertThat(threw.attempts()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsRecordedAsSuch() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> sleepy = Mppfc.cache(TestFunctions::sleepy).path(root)
                .taskTimeout(java.time.Duration.ofMillis(300)).build()) {
            sleepy.startWorkers(1);
            settle(sleepy.submit(30.0));
            sleepy.awaitAll();
            FailureRecords.Failure timedOut = only(new FailureRecords(sleepy.cacheDir()).all());
            assertThat(timedOut.kind()).isEqualTo(FailureKind.TIMED_OUT);
            assertThat(Footprint.argumentsAsJson(timedOut.arguments())).isEqualTo("[30.0]");
            assertThat(timedOut.took()).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(300));
        }
    }

    @Test
    void withSkipKnownFailuresAKnownFailureIsAnsweredWithoutAWorkerComputingIt() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> failing = Mppfc.cache(TestFunctions::failing).path(root)
                .build()) {
            failing.startWorkers(1);
            settle(failing.submit(1));
            failing.awaitAll();
        }
        try (MultiProcCachedFunction1<Integer, Integer> again = Mppfc.cache(TestFunctions::failing).path(root)
                .skipKnownFailures(true).build()) {
            again.startWorkers(1);
            CompletableFuture<Integer> known = again.submit(1);
            assertThat(known).as("answered from disk, before any worker").isCompletedExceptionally();
            assertThat(known).failsWithin(0, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(ErroneousFunctionCall.class).withMessageContaining("odd input 1");
            assertThat(again.submit(2).get(60, TimeUnit.SECONDS)).isEqualTo(2);
            again.awaitAll();
            assertThat(again.status().failed()).as("no worker saw the known failure").isZero();
        }
    }

    @Test
    void aScanWithSubmitReachesEveryArgumentPastKnownFailures() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> failing = Mppfc.cache(TestFunctions::failing).path(root)
                .build()) {
            failing.startWorkers(1);
            settle(failing.submit(1), failing.submit(3));
            failing.awaitAll();
        }
        try (MultiProcCachedFunction1<Integer, Integer> again = Mppfc.cache(TestFunctions::failing).path(root)
                .skipKnownFailures(true).build()) {
            again.startWorkers(1);
            List<CompletableFuture<Integer>> results = new java.util.ArrayList<>();
            for (int x = 0; x < 6; x++) {
                results.add(again.submit(x)); // a known failure is a failed future: the loop goes on
            }
            again.awaitAll();
            for (int x = 0; x < 6; x++) {
                if (x == 1 || x == 3) {
                    assertThat(results.get(x)).failsWithin(0, TimeUnit.SECONDS).withThrowableThat().havingCause()
                            .isInstanceOf(ErroneousFunctionCall.class).withMessageContaining("a known failure");
                } else if (x == 5) {
                    assertThat(results.get(x)).as("new: computed, and failed").failsWithin(60, TimeUnit.SECONDS)
                            .withThrowableThat().havingCause().withMessageNotContaining("a known failure");
                } else {
                    assertThat(results.get(x).get(60, TimeUnit.SECONDS)).isEqualTo(x);
                }
            }
            assertThat(again.status().done()).as("every other argument was computed").isEqualTo(3);
            assertThat(again.status().failed()).as("no worker saw a known failure, only the new one").isEqualTo(1);
        }
    }

    @Test
    void withSkipKnownFailuresATimeoutIsComputedAgain() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> sleepy = Mppfc.cache(TestFunctions::sleepy).path(root)
                .taskTimeout(java.time.Duration.ofMillis(300)).build()) {
            sleepy.startWorkers(1);
            settle(sleepy.submit(1.0));
            sleepy.awaitAll();
            assertThat(only(new FailureRecords(sleepy.cacheDir()).all()).kind()).isEqualTo(FailureKind.TIMED_OUT);
        }
        try (MultiProcCachedFunction1<Double, Double> again = Mppfc.cache(TestFunctions::sleepy).path(root)
                .skipKnownFailures(true).build()) {
            again.startWorkers(1);
            assertThat(again.submit(1.0).get(60, TimeUnit.SECONDS)).as("a timeout is not the function's answer")
                    .isEqualTo(2.0);
            assertThat(new FailureRecords(again.cacheDir()).all()).as("the success removed the record").isEmpty();
        }
    }

    @Test
    void withSkipKnownFailuresAnErrorIsComputedAgain() throws Exception {
        String marker = root.resolve("marker").toString();
        try (MultiProcCachedFunction1<String, Integer> once = Mppfc.cache(HostileFailures::errorOnce).path(root)
                .build()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> once.apply(marker)))
                    .isInstanceOf(StackOverflowError.class);
            assertThat(only(new FailureRecords(once.cacheDir()).all()).exceptionClass())
                    .isEqualTo(StackOverflowError.class.getName());
        }
        try (MultiProcCachedFunction1<String, Integer> again = Mppfc.cache(HostileFailures::errorOnce).path(root)
                .skipKnownFailures(true).build()) {
            assertThat(again.apply(marker)).as("an Error depends on the JVM's settings").isEqualTo(1);
        }
    }

    private static void settle(CompletableFuture<?>... futures) {
        CompletableFuture.allOf(futures).handle((ok, e) -> null).join();
    }

    private static FailureRecords.Failure only(List<FailureRecords.Failure> records) {
        assertThat(records).hasSize(1);
        return records.stream().max(Comparator.comparing(FailureRecords.Failure::at)).orElseThrow();
    }
}
