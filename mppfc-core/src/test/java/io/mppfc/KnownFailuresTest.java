package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.HostName;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each build here is a new run of a program over the same cache directory. */
class KnownFailuresTest {

    static final AtomicInteger CALLS = new AtomicInteger();
    static volatile boolean diverges = true;

    static double simulate(double x) throws IOException {
        CALLS.incrementAndGet();
        if (diverges && x < 0) {
            throw new IOException("the solver diverged at " + x, new ArithmeticException("step size 0"));
        }
        return Math.sqrt(Math.abs(x));
    }

    @TempDir
    Path root;

    @BeforeEach
    void reset() {
        CALLS.set(0);
        diverges = true;
    }

    private static Path recordIn(Path functionDirectory) throws IOException {
        try (var files = Files.list(functionDirectory.resolve("failures"))) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
        }
    }

    /** Calls {@code f} where the simulation diverges: the call fails, and the record it leaves is returned. */
    private static Path failureRecordOf(MultiProcCachedFunction1<Double, Double> f) throws IOException {
        assertThatThrownBy(() -> f.apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);
        return recordIn(f.cacheDir());
    }

    private MultiProcCachedFunction1<Double, Double> run(boolean skipKnownFailures) {
        return Mppfc.cache(KnownFailuresTest::simulate).path(root).skipKnownFailures(skipKnownFailures).build();
    }

    @Test
    void aFailureLeavesARecordWithItsArgumentsTraceHostAndTime() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        assertThatThrownBy(() -> f.apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);

        List<FailureRecords.Failure> records = new FailureRecords(f.cacheDir()).all();
        assertThat(records).hasSize(1);
        FailureRecords.Failure failure = records.get(0);
        assertThat(Footprint.argumentsAsJson(failure.arguments())).isEqualTo("[-4.0]");
        assertThat(failure.kind()).isEqualTo(FailureKind.THREW);
        assertThat(failure.exceptionClass()).isEqualTo("java.io.IOException");
        assertThat(failure.message()).isEqualTo("the solver diverged at -4.0");
        assertThat(failure.stackTrace()).contains("at io.mppfc.KnownFailuresTest.simulate")
                .contains("Caused by: java.lang.ArithmeticException: step size 0");
        assertThat(failure.host()).isEqualTo(HostName.get());
        assertThat(failure.attempts()).isEqualTo(1);
        assertThat(failure.took()).isPositive();
    }

    @Test
    void byDefaultANewRunTriesAKnownFailureAgain() {
        assertThatThrownBy(() -> run(false).apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);
        assertThatThrownBy(() -> run(false).apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);
        assertThat(CALLS.get()).isEqualTo(2);
    }

    @Test
    void skipKnownFailuresAnswersFromDiskWithTheStoredTraceWithoutComputing() {
        assertThatThrownBy(() -> run(false).apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);
        MultiProcCachedFunction1<Double, Double> skipping = run(true);

        assertThatThrownBy(() -> skipping.apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class)
                .hasMessageContaining("a known failure of this code version, recorded ")
                .hasMessageContaining("java.io.IOException: the solver diverged at -4.0")
                .satisfies(e -> {
                    ErroneousFunctionCall call = (ErroneousFunctionCall) e;
                    assertThat(call.kind()).isEqualTo(FailureKind.THREW);
                    assertThat(call.remoteStackTrace()).contains("Caused by: java.lang.ArithmeticException");
                });
        assertThatThrownBy(() -> skipping.submit(-4.0).join()).hasCauseInstanceOf(ErroneousFunctionCall.class);
        assertThat(CALLS.get()).as("computed once, by the first run").isEqualTo(1);
        assertThat(skipping.apply(9.0)).as("other arguments compute as always").isEqualTo(3.0);
    }

    @Test
    void aLaterSuccessRemovesTheRecord() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        assertThatThrownBy(() -> f.apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class);
        diverges = false;

        assertThat(run(false).apply(-4.0)).isEqualTo(2.0);
        assertThat(new FailureRecords(f.cacheDir()).all()).isEmpty();
        assertThat(run(true).apply(-4.0)).as("served from the cache, not the old failure").isEqualTo(2.0);
    }

    @Test
    void aDamagedRecordIsMovedAsideAndTheCallComputes() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        Path record = failureRecordOf(f);
        byte[] bytes = Files.readAllBytes(record);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(record, bytes);
        diverges = false;

        assertThat(run(true).apply(-4.0)).isEqualTo(2.0);
        assertThat(record).doesNotExist();
        try (var quarantined = Files.list(f.cacheDir().resolve(".quarantine"))) {
            assertThat(quarantined.count()).isPositive();
        }
    }

    @Test
    void aLinkPlantedUnderARecordsNameIsNeitherFollowedNorRead() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        Path record = failureRecordOf(f);
        // a valid record elsewhere: code that followed the link would answer with it
        Path elsewhere = Files.move(record, root.resolve("a-record-elsewhere"));
        Files.createSymbolicLink(record, elsewhere);
        diverges = false;

        assertThat(run(true).apply(-4.0)).as("no failure read through the link; computed").isEqualTo(2.0);
        assertThat(record).doesNotExist();
    }

    @Test
    void linksPlantedForTheFailuresDirectoryAndTheLastUsedMarkLeadNowhere() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        Path outside = Files.createDirectory(root.resolve("elsewhere"));
        Files.createSymbolicLink(f.cacheDir().resolve("failures"), outside);
        Path target = outside.resolve("would-be-created");
        Files.delete(f.cacheDir().resolve("last-used"));
        Files.createSymbolicLink(f.cacheDir().resolve("last-used"), target);

        assertThatThrownBy(() -> run(false).apply(-4.0)).isInstanceOf(ErroneousFunctionCall.class)
                .satisfies(e -> assertThat(e.getSuppressed()).as("recorded, in a directory made anew").isEmpty());
        assertThat(Files.isDirectory(f.cacheDir().resolve("failures"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("the link moved to the quarantine, the directory made").isTrue();
        try (var written = Files.list(outside)) {
            assertThat(written).as("nothing written through either link").isEmpty();
        }
    }

    @Test
    void aReadOnlyCacheLeavesADamagedRecordWhereItIs() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        Path record = failureRecordOf(f);
        Files.write(record, new byte[] {1, 2, 3});
        diverges = false;

        MultiProcCachedFunction1<Double, Double> readOnly = Mppfc.cache(KnownFailuresTest::simulate).path(root)
                .readOnly(true).skipKnownFailures(true).build();
        assertThat(readOnly.apply(-4.0)).isEqualTo(2.0);
        assertThat(record).exists().hasBinaryContent(new byte[] {1, 2, 3});
    }

    @Test
    void verifyMovesADamagedFailureRecordAsideAndSaysSo() throws IOException {
        MultiProcCachedFunction1<Double, Double> f = run(false);
        Path record = failureRecordOf(f);
        Files.write(record, new byte[] {1, 2, 3});

        assertThat(io.mppfc.cache.maintenance.CacheInventory.verify(f.cacheDir()))
                .singleElement().satisfies(finding -> {
                    assertThat(finding.problem()).isEqualTo("a damaged failure record");
                    assertThat(finding.quarantined()).isTrue();
                });
        assertThat(record).doesNotExist();
        try (var quarantined = Files.list(f.cacheDir().resolve(".quarantine"))) {
            assertThat(quarantined.count()).isPositive();
        }
    }
}
