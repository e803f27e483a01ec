package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.SharedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Cache roots that share nothing but a bucket of a real S3 server (s3proxy), and what a store's faults do to them. */
class SharedCacheTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();


    static long square(long x) {
        CALLS.incrementAndGet();
        return x * x;
    }

    /** Outside every allow-list unless a build allows it. */
    record Planted(long x) {
    }

    /** Whether {@link #anything} returns a {@link Planted}: what a bucket's writer could upload. */
    private static volatile boolean planting;

    static Object anything(long x) {
        CALLS.incrementAndGet();
        return planting ? new Planted(x) : (Object) Long.valueOf(x);
    }

    static int length(String s) {
        CALLS.incrementAndGet();
        return s.length();
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    MultiProcCachedFunction1<Long, Long> cached(SharedStore store) throws IOException {
        return Mppfc.cache(SharedCacheTest::square).path(newRoot()).shared(store).build();
    }

    /** Computes the values in a cache root of its own, with the store, and waits for the uploads. */
    void computeElsewhere(SharedStore store, long... xs) throws IOException {
        try (var f = cached(store)) {
            for (long x : xs) {
                f.apply(x);
            }
        }
    }

    /** The object uploaded for the argument, found as the one that its computation adds. */
    String objectOf(SharedStore store, long x) throws IOException {
        Set<String> before = new HashSet<>(server.objects());
        computeElsewhere(store, x);
        Set<String> added = new HashSet<>(server.objects());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        return added.iterator().next();
    }

    private static long entryFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .count();
        }
    }

    @Test
    void twoCacheRootsShareResultsOnlyThroughTheStore() throws IOException {
        try (S3Store store = server.store("team/scan")) {
            computeElsewhere(store, 1, 2, 3);
            assertThat(CALLS).hasValue(3);
            assertThat(server.objects()).hasSize(3).allMatch(o -> o.startsWith("team/scan/"));

            try (var f = cached(store)) {
                assertThat(f.apply(1L)).isEqualTo(1);
                assertThat(f.apply(2L)).isEqualTo(4);
                assertThat(f.apply(3L)).isEqualTo(9);
            }
            assertThat(CALLS).as("the second root computes nothing").hasValue(3);
            assertThat(entryFiles(temp.resolve("root1"))).as("fetched entries are stored locally").isEqualTo(3);
        }
    }

    @Test
    void hasKeyAnswersFromTheStoreAsApplyWould() throws IOException {
        try (S3Store store = server.store("p")) {
            computeElsewhere(store, 6);

            try (var f = cached(store)) {
                assertThat(f.hasKey(6L)).isTrue();
                assertThat(f.hasKey(7L)).isFalse();
                assertThat(f.apply(6L)).isEqualTo(36);
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void whatWorkersComputeIsUploadedByTheCoordinator() throws Exception {
        try (S3Store store = server.store("p")) {
            try (var f = cached(store)) {
                assertThat(f.startWorkers(1)).isTrue();
                assertThat(f.submit(11L).get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(121);
                f.awaitAll();
            }
            assertThat(CALLS).as("computed in the worker's JVM").hasValue(0);
            assertThat(server.objects()).hasSize(1);

            try (var f = cached(store)) {
                assertThat(f.apply(11L)).isEqualTo(121);
            }
            assertThat(CALLS).hasValue(0);
        }
    }

    @Test
    void concurrentWritersOfOneKeyLeaveOneValidObject() throws Exception {
        try (S3Store store = server.store("p")) {
            var a = cached(store);
            var b = cached(store);
            try (a; b) {
                var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> a.apply(12L));
                var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> b.apply(12L));
                assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(144);
                assertThat(second.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(144);
            }
            int computed = CALLS.get();
            assertThat(server.objects()).hasSize(1);

            try (var f = cached(store)) {
                assertThat(f.apply(12L)).isEqualTo(144);
            }
            assertThat(CALLS).hasValue(computed);
        }
    }

    @Test
    void anEntryWhoseArgumentsAreTooLargeToStoreIsSharedByItsKey() throws IOException {
        String huge = "x".repeat(70_000); // a footprint over 64 KiB is not stored in the entry
        try (S3Store store = server.store("p")) {
            Path root = Files.createDirectories(temp.resolve("huge"));
            try (var f = Mppfc.cache(SharedCacheTest::length).path(root).shared(store).build()) {
                assertThat(f.apply(huge)).isEqualTo(70_000);
            }
            assertThat(server.objects()).hasSize(1);

            Path reader = Files.createDirectories(temp.resolve("reader"));
            try (var f = Mppfc.cache(SharedCacheTest::length).path(reader).shared(store).build()) {
                assertThat(f.apply(huge)).isEqualTo(70_000);
            }
            assertThat(CALLS).as("format 4 names its key: the reader takes it without the arguments").hasValue(1);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aProgramThatExitsWithoutCloseStillUploads() throws Exception {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                ExitWithoutClose.class.getName(), server.endpoint().toString(), temp.resolve("exiting").toString(), "5")
                .redirectErrorStream(true).redirectOutput(temp.resolve("exiting.log").toFile()).start();
        assertThat(p.waitFor(100, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(temp.resolve("exiting.log"))).isZero();

        assertThat(server.objects()).hasSize(1);
    }

    @Test
    void anObjectHoldingAClassOutsideTheAllowListIsAMissNotAnError() throws IOException {
        try (S3Store store = server.store("p")) {
            Path planter = Files.createDirectories(temp.resolve("planter"));
            planting = true;
            try (var f = Mppfc.cache(SharedCacheTest::anything).path(planter).shared(store).allowClasses(Planted.class)
                    .build()) {
                assertThat(f.apply(1L)).isEqualTo(new Planted(1));
            } finally {
                planting = false;
            }
            Path reader = Files.createDirectories(temp.resolve("reader"));

            try (var f = Mppfc.cache(SharedCacheTest::anything).path(reader).shared(store).build()) {
                assertThat(f.apply(1L)).as("computed here, by the function itself").isEqualTo(1L);
            }
            assertThat(CALLS).hasValue(2);
            assertThat(log.text()).contains("fetched from the shared store " + store);
        }
    }

    @Test
    void staleAfterJudgesAFetchedEntryByWhenItWasComputed() throws IOException {
        try (S3Store store = server.store("p")) {
            computeElsewhere(store, 8);
            Path fresh = Files.createDirectories(temp.resolve("fresh"));
            Path strict = Files.createDirectories(temp.resolve("strict"));

            try (var f = Mppfc.cache(SharedCacheTest::square).path(fresh).shared(store).staleAfter(Duration.ofDays(1))
                    .build()) {
                assertThat(f.apply(8L)).isEqualTo(64);
            }
            assertThat(CALLS).as("a day old at most: taken").hasValue(1);
            try (var f = Mppfc.cache(SharedCacheTest::square).path(strict).shared(store).staleAfter(Duration.ofNanos(1))
                    .build()) {
                assertThat(f.apply(8L)).isEqualTo(64);
            }
            assertThat(CALLS).as("older than a nanosecond: computed again").hasValue(2);
        }
    }

    @Test
    void aGarbageObjectIsAMissAndTheValueIsComputedAgain() throws IOException {
        try (S3Store store = server.store("p")) {
            String object = objectOf(store, 3);
            server.replace(object, "not an entry at all".getBytes(java.nio.charset.StandardCharsets.UTF_8));

            try (var f = cached(store)) {
                assertThat(f.apply(3L)).isEqualTo(9);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void anEntryWithOneBitFlippedIsAMiss() throws IOException {
        try (S3Store store = server.store("p")) {
            String object = objectOf(store, 3);
            byte[] bytes = server.bytesOf(object);
            bytes[bytes.length - 6] ^= 1;
            server.replace(object, bytes);

            try (var f = cached(store)) {
                assertThat(f.apply(3L)).isEqualTo(9);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void anotherKeysObjectIsAMissNotItsValue() throws IOException {
        try (S3Store store = server.store("p")) {
            String two = objectOf(store, 2);
            String three = objectOf(store, 3);
            server.replace(three, server.bytesOf(two));

            try (var f = cached(store)) {
                assertThat(f.apply(3L)).isEqualTo(9);
            }
            assertThat(CALLS).hasValue(3);
        }
    }

    @Test
    void aLocalEntryIsKeptAndNotAskedForWhenTheStoreHoldsGarbage() throws IOException {
        try (S3Store store = server.store("p")) {
            try (var f = cached(store)) {
                f.apply(4L);
            }
            Set<String> all = server.objects();
            for (String object : all) {
                server.replace(object, new byte[] {1, 2, 3});
            }
            Path root = temp.resolve("root0");

            try (var f = Mppfc.cache(SharedCacheTest::square).path(root).shared(store).build()) {
                assertThat(f.apply(4L)).isEqualTo(16);
            }
            assertThat(CALLS).hasValue(1);
            assertThat(entryFiles(root)).isEqualTo(1);
        }
    }

    @Test
    void theStoreStoppedMidRunAndRestartedNeverFailsOrHangsARun() throws Exception {
        try (S3Store store = server.builder("p").timeout(Duration.ofSeconds(2)).build()) {
            try (var f = cached(store)) {
                assertThat(f.apply(1L)).isEqualTo(1);
                f.awaitAll(); // waits for its upload
                server.stop();
                assertThat(f.apply(2L)).isEqualTo(4);
                assertThat(f.apply(3L)).isEqualTo(9);
                server.restart();
                assertThat(f.apply(1L)).isEqualTo(1);
            }
            assertThat(CALLS).hasValue(3);
            assertThat(entryFiles(temp.resolve("root0"))).as("no local entry is lost").isEqualTo(3);

            assertThat(log.count("is unavailable")).as("said once").isEqualTo(1);
            assertThat(log.text()).contains("not uploaded to the shared store " + store);
        }
        try (S3Store nextRun = server.store("p"); var f = cached(nextRun)) {
            assertThat(f.apply(1L)).isEqualTo(1);
        }
        assertThat(CALLS).as("what was uploaded before the stop is read by the next run").hasValue(3);
    }

    @Test
    void wrongCredentialsLeaveTheRunLocal() throws IOException {
        try (S3Store store = server.builder("p")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.IDENTITY, "wrong")))
                .build()) {
            try (var f = cached(store)) {
                assertThat(f.apply(5L)).isEqualTo(25);
                assertThat(f.apply(5L)).isEqualTo(25);
            }
            assertThat(CALLS).hasValue(1);
            assertThat(server.objects()).isEmpty();
            assertThat(log.count("refused the credentials")).as("one clear error").isEqualTo(1);
            assertThat(log.text()).contains(store.toString()).doesNotContain("wrong")
                    .doesNotContain(S3ProxyServer.CREDENTIAL);
        }
    }

    private void computesLocallyBehind(FaultServer.Fault fault) throws IOException {
        try (FaultServer faulty = new FaultServer(fault);
                S3Store store = S3Store.builder().bucket("bkt").endpoint(faulty.endpoint()).timeout(Duration.ofSeconds(1))
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            long start = System.nanoTime();
            try (var f = cached(store)) {
                for (long x = 1; x <= 5; x++) {
                    assertThat(f.apply(x)).isEqualTo(x * x);
                }
                int asked = faulty.requests();
                for (long x = 6; x <= 8; x++) {
                    assertThat(f.apply(x)).isEqualTo(x * x);
                }
                assertThat(faulty.requests()).as("a failed store is not asked again this run").isEqualTo(asked);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no hang").isLessThan(Duration.ofSeconds(60));
            assertThat(CALLS).hasValue(8);
            assertThat(log.count("is unavailable")).as("said once").isEqualTo(1);
            assertThat(entryFiles(temp.resolve("root0"))).isEqualTo(8);
        }
    }

    @Test
    void http500IsAMissAndTheRunGoesOnLocally() throws IOException {
        computesLocallyBehind(FaultServer.Fault.INTERNAL_ERROR);
    }

    @Test
    void http503IsAMissAndTheRunGoesOnLocally() throws IOException {
        computesLocallyBehind(FaultServer.Fault.SLOW_DOWN);
    }

    @Test
    void aStoreThatDoesNotAnswerIsNotAskedAgainByARetryAfterTheLookupGaveUp() throws Exception {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.NO_ANSWER);
                S3Store store = S3Store.builder().bucket("bkt").endpoint(faulty.endpoint()).timeout(Duration.ofSeconds(1))
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            try (var f = cached(store)) {
                assertThat(f.apply(1L)).isEqualTo(1L);
                // the client's own retry came about 1.05 s after the first request, once the lookup
                // had given up at 1 s: watched for twice the timeout, nothing more may arrive
                Thread.sleep(2_000);
                assertThat(faulty.requests()).as("the one request of the one lookup").isEqualTo(1);
            }
        }
    }

    @Test
    void aStoreThatDoesNotAnswerCostsOneTimeoutNotAHang() throws IOException {
        computesLocallyBehind(FaultServer.Fault.NO_ANSWER);
    }

    @Test
    void aBodyCutShortIsAMiss() throws IOException {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.CUT_SHORT);
                S3Store store = S3Store.builder().bucket("bkt").endpoint(faulty.endpoint()).timeout(Duration.ofSeconds(1))
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            try (var f = cached(store)) {
                assertThat(f.apply(7L)).isEqualTo(49);
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void aTwoGigabyteBodyIsRefusedWithoutBeingRead() throws IOException {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.HUGE);
                S3Store store = S3Store.builder().bucket("bkt").endpoint(faulty.endpoint()).timeout(Duration.ofSeconds(5))
                        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build()) {
            try (var f = cached(store)) {
                assertThat(f.apply(7L)).isEqualTo(49);
                assertThat(f.apply(8L)).isEqualTo(64);
            }
            assertThat(CALLS).hasValue(2);
            assertThat(log.text()).contains("2147483648 bytes, more than the");
        }
    }
}
