package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.protocol.FailureText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of any size or shape reach the caller bounded, with the cut said, in a worker JVM
 * and in this one; the worker lives on, and the record is small enough to be read back.
 */
class LargeFailuresTest {

    @TempDir
    Path root;

    private ErroneousFunctionCall failureInWorker(MultiProcCachedFunction1<Integer, Integer> f, int argument)
            throws Exception {
        f.startWorkers(1);
        Throwable thrown = catchThrowable(() -> f.submit(argument).get(90, TimeUnit.SECONDS));
        assertThat(thrown).as("failed, not left in progress").isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ErroneousFunctionCall.class);
        return (ErroneousFunctionCall) thrown.getCause();
    }

    @Test
    void aFailureOfMoreThanAMegabyteIsDeliveredCutNotLeftInProgress() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::hugeMessage).path(root)
                .build()) {
            ErroneousFunctionCall failure = failureInWorker(f, 600_000);
            assertThat(failure.kind()).isEqualTo(FailureKind.THREW);
            assertThat(failure.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(failure.exceptionMessage()).startsWith("mmmm")
                    .endsWith("[cut by mppfc: 600000 characters, the first 8072 kept]");
            assertThat(failure.remoteStackTrace()).contains("HostileFailures.hugeMessage");
            assertThat(f.submit(7).handle((v, e) -> e).get(120, TimeUnit.SECONDS))
                    .as("the same worker goes on").isNotNull();
            assertThat(f.status().workers()).isEqualTo(1);
        }
    }

    @Test
    void aTenThousandDeepCauseChainFailsItsTaskNotTheWorker() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::deepCauses).path(root)
                .build()) {
            ErroneousFunctionCall failure = failureInWorker(f, 10_000);
            assertThat(failure.kind()).isEqualTo(FailureKind.THREW);
            assertThat(failure.exceptionMessage()).isEqualTo("level 9999");
            assertThat(failure.remoteStackTrace()).contains("more exceptions (causes and suppressed) cut by mppfc");
            FailureRecords.Failure record = new FailureRecords(f.cacheDir()).all().get(0);
            assertThat(record.kind()).isEqualTo(FailureKind.THREW);
            assertThat(record.stackTrace()).hasSizeLessThanOrEqualTo(FailureText.MAX_TRACE);
        }
    }

    @Test
    void aCyclicCauseInAWorkerIsReportedOnce() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::cyclicCause).path(root)
                .build()) {
            ErroneousFunctionCall failure = failureInWorker(f, 1);
            assertThat(failure.remoteStackTrace()).contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: cycle 1]");
        }
    }

    @Test
    void aThousandSuppressedExceptionsInAWorkerAreCut() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::manySuppressed).path(root)
                .build()) {
            ErroneousFunctionCall failure = failureInWorker(f, 1000);
            assertThat(failure.exceptionMessage()).isEqualTo("with 1000 suppressed");
            assertThat(failure.remoteStackTrace()).contains("984 more suppressed exceptions cut by mppfc");
        }
    }

    @Test
    void aTenThousandDeepCauseChainInThisJvmReachesTheCallerAndIsRecorded() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::deepCauses).path(root)
                .build()) {
            Throwable thrown = catchThrowable(() -> f.apply(10_000));
            assertThat(thrown).isInstanceOf(RuntimeException.class).hasMessage("level 9999");
            assertThat(thrown.getSuppressed()).as("recorded without trouble").isEmpty();
            List<FailureRecords.Failure> records = new FailureRecords(f.cacheDir()).all();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).message()).isEqualTo("level 9999");
        }
    }

    @Test
    void aTenMegabyteMessageInThisJvmMakesASmallRecordThatTheNextRunAnswersWith() throws Exception {
        Path directory;
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::hugeMessage).path(root)
                .build()) {
            assertThat(catchThrowable(() -> f.apply(10_000_000))).isInstanceOf(IllegalArgumentException.class);
            directory = f.cacheDir();
        }
        try (Stream<Path> files = Files.list(directory.resolve("failures"))) {
            Path record = files.findFirst().orElseThrow();
            assertThat(Files.size(record)).as("bounded when written").isLessThan(512 * 1024);
        }
        try (MultiProcCachedFunction1<Integer, Integer> again = Mppfc.cache(HostileFailures::hugeMessage).path(root)
                .skipKnownFailures(true).build()) {
            Throwable known = catchThrowable(() -> again.apply(10_000_000));
            assertThat(known).isInstanceOf(ErroneousFunctionCall.class).hasMessageContaining("a known failure");
            assertThat(((ErroneousFunctionCall) known).exceptionMessage()).contains("cut by mppfc");
        }
        try (Stream<Path> quarantined = Files.walk(root)) {
            assertThat(quarantined.filter(p -> p.toString().contains("quarantine")).filter(Files::isRegularFile))
                    .as("nothing set aside").isEmpty();
        }
    }

    @Test
    void aFrameTooLargeToReadFailsItsTaskWithTheReason() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(HostileFailures::forgeOversizedFailed)
                .path(root).build()) {
            ErroneousFunctionCall failure = failureInWorker(f, 1);
            assertThat(failure.kind()).isEqualTo(FailureKind.WORKER_DIED);
            assertThat(failure.exceptionMessage()).contains("it sent a FAILED frame of 2097152 bytes, over the 1048576");
        }
    }

    @Test
    void argumentsTooLargeForAWorkerFailAtOnceSayingWhatToDo() throws Exception {
        System.setProperty("mppfc.maxFrameBytes", "200000");
        try (MultiProcCachedFunction1<String, Integer> f = Mppfc.cache(HostileFailures::hostileText).path(root)
                .workerJvmOptions("-Dmppfc.maxFrameBytes=200000").build()) {
            f.startWorkers(1);
            Throwable thrown = catchThrowable(() -> f.submit("x".repeat(300_000)).get(90, TimeUnit.SECONDS));
            assertThat(thrown.getCause()).isInstanceOf(ErroneousFunctionCall.class);
            ErroneousFunctionCall failure = (ErroneousFunctionCall) thrown.getCause();
            assertThat(failure.kind()).isEqualTo(FailureKind.WORKERS_UNAVAILABLE);
            assertThat(failure.exceptionMessage()).contains("over the 200000 a worker reads in one job");
            assertThat(catchThrowable(() -> f.submit("small").get(90, TimeUnit.SECONDS)).getCause())
                    .as("the workers go on").isInstanceOf(ErroneousFunctionCall.class)
                    .hasMessageContaining("IllegalArgumentException: small");
        } finally {
            System.clearProperty("mppfc.maxFrameBytes");
        }
    }
}
