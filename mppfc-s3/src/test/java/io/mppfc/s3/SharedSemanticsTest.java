package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.CacheMissException;
import io.mppfc.ErroneousFunctionCall;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the shared tier means beyond apply: failure records shared, hasKey, cacheOnly and
 * staleAfter agreeing with apply on a value only the store has, a read-only cache that reads the
 * store without changing itself, arguments kept out of the bucket, and what a run could not upload
 * uploaded by the next one. Against a real S3 server (s3proxy).
 */
class SharedSemanticsTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final String SECRET = "an-argument-nobody-may-read";


    static long checked(long x) {
        CALLS.incrementAndGet();
        if (x < 0) {
            throw new IllegalArgumentException("negative: " + x);
        }
        return 2 * x;
    }

    static int length(String s) {
        CALLS.incrementAndGet();
        if (s.startsWith("fail")) {
            throw new IllegalStateException("refused " + s.length());
        }
        return s.length();
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private MultiProcCachedFunction1<Long, Long> cached(S3Store store, boolean skipKnownFailures) throws IOException {
        return Mppfc.cache(SharedSemanticsTest::checked).path(newRoot()).shared(store)
                .skipKnownFailures(skipKnownFailures).build();
    }

    /** What computing {@code x} in a root of its own adds to the bucket. */
    private Set<String> addedBy(S3Store store, long x) throws IOException {
        Set<String> before = new HashSet<>(server.objects());
        try (var f = cached(store, true)) {
            try {
                f.apply(x);
            } catch (IllegalArgumentException e) {
                // thrown as the function threw it; recorded, and shared
            }
        }
        Set<String> added = new HashSet<>(server.objects());
        added.removeAll(before);
        return added;
    }

    private static long files(Path root, String regex) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches(regex)).count();
        }
    }

    @Test
    void aFailureRecordIsUploadedAndAnswersSkipKnownFailuresOnAnotherRoot() throws IOException {
        try (S3Store store = server.store("p")) {
            Set<String> added = addedBy(store, -1);
            assertThat(added).singleElement().asString().contains("/failures/");
            assertThat(CALLS).hasValue(1);

            try (var f = cached(store, true)) {
                assertThatThrownBy(() -> f.apply(-1L)).isInstanceOf(ErroneousFunctionCall.class)
                        .hasMessageContaining("known failure");
            }
            assertThat(CALLS).as("answered by the store's record, not computed").hasValue(1);
            assertThat(files(temp.resolve("root1"), "[0-9a-f]{64}")).as("the record is stored locally").isEqualTo(1);
        }
    }

    @Test
    void withoutSkipKnownFailuresAStoredFailureIsComputedAgain() throws IOException {
        try (S3Store store = server.store("p")) {
            addedBy(store, -1);

            try (var f = cached(store, false)) {
                assertThatThrownBy(() -> f.apply(-1L)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void aFailureRecordMovedToAnotherKeyIsNotTaken() throws IOException {
        try (S3Store store = server.store("p")) {
            String one = addedBy(store, -1).iterator().next();
            String two = addedBy(store, -2).iterator().next();
            server.replace(two, server.bytesOf(one));

            try (var f = cached(store, true)) {
                assertThatThrownBy(() -> f.apply(-2L)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("negative: -2");
            }
            assertThat(CALLS).as("computed again: the record names another key").hasValue(3);
            assertThat(log.text()).contains("ignored the shared failure record");
        }
    }

    @Test
    void aGarbageFailureRecordIsNotTaken() throws IOException {
        try (S3Store store = server.store("p")) {
            String record = addedBy(store, -3).iterator().next();
            server.replace(record, "MPPFCF\u0002 not a record".getBytes(StandardCharsets.ISO_8859_1));

            try (var f = cached(store, true)) {
                assertThatThrownBy(() -> f.apply(-3L)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void cacheOnlyReturnsAValueOnlyTheStoreHas() throws IOException {
        try (S3Store store = server.store("p")) {
            addedBy(store, 6);

            try (var f = cached(store, false)) {
                assertThat(f.cacheOnly(6L)).isEqualTo(12);
                assertThatThrownBy(() -> f.cacheOnly(7L)).isInstanceOf(CacheMissException.class);
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void aMissOfCacheOnlySaysItLookedInTheSharedStoreTooNamingItWithoutSecrets() throws IOException {
        try (S3Store store = server.store("p"); var f = cached(store, false)) {
            assertThatThrownBy(() -> f.cacheOnly(7L)).isInstanceOf(CacheMissException.class)
                    .hasMessageContaining("and in the shared store s3://" + S3ProxyServer.BUCKET + "/p at "
                            + server.endpoint())
                    .hasMessageNotContaining(S3ProxyServer.CREDENTIAL);
        }
    }

    @Test
    void hasKeyAndCacheOnlyJudgeAStoredValueByStaleAfterAsApplyDoes() throws IOException {
        try (S3Store store = server.store("p")) {
            addedBy(store, 8);

            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(newRoot()).shared(store)
                    .staleAfter(Duration.ofDays(1)).build()) {
                assertThat(f.hasKey(8L)).isTrue();
                assertThat(f.cacheOnly(8L)).isEqualTo(16);
            }
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(newRoot()).shared(store)
                    .staleAfter(Duration.ofNanos(1)).build()) {
                assertThat(f.hasKey(8L)).isFalse();
                assertThatThrownBy(() -> f.cacheOnly(8L)).isInstanceOf(CacheMissException.class);
                assertThat(CALLS).as("neither computes").hasValue(1);
                assertThat(f.apply(8L)).isEqualTo(16);
            }
            assertThat(CALLS).as("apply computes the stale value again, as hasKey said").hasValue(2);
        }
    }

    @Test
    void aReadOnlyCacheReadsTheStoreAndChangesNothing() throws IOException {
        try (S3Store store = server.store("p")) {
            addedBy(store, 9);
            Path root = newRoot();

            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).readOnly(true).build()) {
                assertThat(f.hasKey(9L)).isTrue();
                assertThat(f.cacheOnly(9L)).isEqualTo(18);
            }
            try (Stream<Path> children = Files.list(root)) {
                assertThat(children).as("no function directory, no entry").isEmpty();
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void argumentsKeptOutOfUploadsAreNotInTheObjectAndItStillAnswersItsKey() throws IOException {
        try (S3Store store = server.builder("p").uploadArguments(false).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store).build()) {
                assertThat(f.apply(SECRET)).isEqualTo(SECRET.length());
            }
            String object = server.objects().iterator().next();
            assertThat(new String(server.bytesOf(object), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store).build()) {
                assertThat(f.apply(SECRET)).isEqualTo(SECRET.length());
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void anObjectWithoutArgumentsMovedToAnotherKeyIsAMiss() throws IOException {
        try (S3Store store = server.builder("p").uploadArguments(false).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store).build()) {
                f.apply("abc");
                f.awaitAll();
                Set<String> before = new HashSet<>(server.objects());
                f.apply("abcdefgh");
                f.awaitAll();
                Set<String> added = new HashSet<>(server.objects());
                added.removeAll(before);
                server.replace(added.iterator().next(), server.bytesOf(before.iterator().next()));
            }

            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store).build()) {
                assertThat(f.apply("abcdefgh")).as("never the other key's 3").isEqualTo(8);
            }
            assertThat(CALLS).hasValue(3);
        }
    }

    @Test
    void failureRecordsKeepTheirArgumentsOutToo() throws IOException {
        try (S3Store store = server.builder("p").uploadArguments(false).build()) {
            String failing = "fail-" + SECRET;
            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store)
                    .skipKnownFailures(true).build()) {
                assertThatThrownBy(() -> f.apply(failing)).isInstanceOf(IllegalStateException.class);
            }
            String record = server.objects().iterator().next();
            assertThat(record).contains("/failures/");
            assertThat(new String(server.bytesOf(record), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

            try (var f = Mppfc.cache(SharedSemanticsTest::length).path(newRoot()).shared(store)
                    .skipKnownFailures(true).build()) {
                assertThatThrownBy(() -> f.apply(failing)).isInstanceOf(ErroneousFunctionCall.class)
                        .hasMessageContaining("known failure");
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void whatARunCouldNotUploadIsUploadedByTheNextRun() throws Exception {
        Path root = newRoot();
        server.stop();
        try (S3Store store = server.builder("p").timeout(Duration.ofSeconds(2)).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                assertThat(f.apply(5L)).isEqualTo(10);
            }
        }
        assertThat(files(root, "[0-9a-f]{64}\\.entry")).as("left for the next run").isEqualTo(1);
        server.restart();
        assertThat(server.objects()).isEmpty();

        try (S3Store store = server.builder("p").timeout(Duration.ofSeconds(5)).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                f.awaitAll();
            }
        }
        assertThat(server.objects()).hasSize(1);
        assertThat(files(root, "[0-9a-f]{64}\\.entry")).isZero();
        assertThat(CALLS).hasValue(1);
    }

    @Test
    @org.junit.jupiter.api.Timeout(180)
    void aProgramExitingWithoutCloseWaitsBoundedlyAndTheNextRunUploadsWhatWasLeft() throws Exception {
        Path root = temp.resolve("exiting");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        long start = System.nanoTime();
        try (FaultServer hanging = new FaultServer(FaultServer.Fault.UPLOADS_HANG)) {
            Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                    ExitWithoutClose.class.getName(), hanging.endpoint().toString(), root.toString(), "4")
                    .redirectErrorStream(true).redirectOutput(temp.resolve("exiting.log").toFile()).start();
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("the exit is not held by the upload")
                    .isTrue();
            assertThat(p.exitValue()).as(Files.readString(temp.resolve("exiting.log"))).isZero();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the wait at exit is bounded (10 s)")
                .isLessThan(Duration.ofSeconds(100));
        assertThat(files(root, "[0-9a-f]{64}\\.entry")).as("left for the next run").isEqualTo(1);

        try (S3Store store = server.store("p")) {
            try (var f = Mppfc.cache(ExitWithoutClose::triple).path(root).shared(store).build()) {
                f.awaitAll();
            }
        }
        assertThat(server.objects()).hasSize(1);
        assertThat(files(root, "[0-9a-f]{64}\\.entry")).isZero();
    }

    @Test
    void aMarkerWithoutALocalEntryUploadsNothingAndIsRemoved() throws Exception {
        Path root = newRoot();
        try (S3Store store = server.store("p")) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                f.apply(1L);
            }
            Set<String> before = server.objects();
            Path function;
            try (Stream<Path> dirs = Files.list(root)) {
                function = dirs.filter(d -> d.getFileName().toString().contains("checked")).findFirst().orElseThrow();
            }
            Path pending = Files.createDirectories(function.resolve(".shared-pending"));
            Path planted = Files.createFile(pending.resolve("0".repeat(64) + ".entry"));
            Path stray = Files.createFile(pending.resolve("not-a-marker"));

            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                f.awaitAll();
            }
            assertThat(server.objects()).as("nothing but what was there").isEqualTo(before);
            assertThat(planted).as("settled: there is nothing to upload").doesNotExist();
            assertThat(stray).as("not ours: left alone").exists();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(180)
    void aFailureInAWorkerIsUploadedByTheCoordinator() throws Exception {
        try (S3Store store = server.store("p")) {
            try (var f = cached(store, false)) {
                assertThat(f.startWorkers(1)).isTrue();
                assertThatThrownBy(() -> f.submit(-4L).get(120, java.util.concurrent.TimeUnit.SECONDS))
                        .hasMessageContaining("negative: -4");
                f.awaitAll();
            }
            assertThat(CALLS).as("thrown in the worker's JVM").hasValue(0);
            assertThat(server.objects()).singleElement().asString().contains("/failures/");

            try (var f = cached(store, true)) {
                assertThatThrownBy(() -> f.apply(-4L)).isInstanceOf(ErroneousFunctionCall.class)
                        .hasMessageContaining("known failure");
            }
            assertThat(CALLS).hasValue(0);
        }
    }

    @Test
    void aLinkPlantedAsThePendingDirectoryIsNotWrittenThrough() throws Exception {
        Path root = newRoot();
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        try (S3Store store = server.store("p")) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                f.apply(1L);
            }
            Path function;
            try (Stream<Path> dirs = Files.list(root)) {
                function = dirs.filter(d -> d.getFileName().toString().contains("checked")).findFirst().orElseThrow();
            }
            Path pending = function.resolve(".shared-pending");
            try (Stream<Path> left = Files.list(pending)) {
                assertThat(left).as("nothing left once uploaded").isEmpty();
            }
            Files.delete(pending);
            Files.createSymbolicLink(pending, elsewhere);
        }
        server.stop(); // the upload fails, so a marker would stay where it was made
        try (S3Store store = server.builder("p").timeout(Duration.ofSeconds(2)).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(root).shared(store).build()) {
                assertThat(f.apply(2L)).isEqualTo(4);
            }
        }
        try (Stream<Path> written = Files.list(elsewhere)) {
            assertThat(written).as("no marker made through the link").isEmpty();
        }
    }

    @Test
    void refusedUploadsDoNotStopLookups() throws Exception {
        try (FaultServer readOnly = new FaultServer(FaultServer.Fault.UPLOADS_REFUSED);
                S3Store store = S3Store.builder().bucket("bkt").endpoint(readOnly.endpoint())
                        .timeout(Duration.ofSeconds(5)).credentials(software.amazon.awssdk.auth.credentials
                                .StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials
                                        .AwsBasicCredentials.create("a", "b"))).build()) {
            try (var f = Mppfc.cache(SharedSemanticsTest::checked).path(newRoot()).shared(store).build()) {
                assertThat(f.apply(1L)).isEqualTo(2);
                f.awaitAll(); // its upload was refused
                int asked = readOnly.requests();
                assertThat(f.apply(2L)).isEqualTo(4);
                f.awaitAll();
                assertThat(readOnly.requests()).as("the lookup of 2 is sent; its upload is not tried").isEqualTo(asked + 1);
                assertThat(io.mppfc.cache.SharedTier.notUploaded(store).count())
                        .as("the tally is the store's as the caller gave it, however the builder wraps it").isEqualTo(2);
            }
            assertThat(log.count("uploads to the shared store")).as("said once").isEqualTo(1);
            assertThat(log.text()).doesNotContain("is unavailable");
        }
    }
}
