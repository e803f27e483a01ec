package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.SharedStore;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import io.mppfc.cache.pack.RemotePacks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real S3 server (s3proxy) seen through a relay that lies: bodies sent slower than any link,
 * a ranged read answered with the whole object, listings that name what is not there. Nothing
 * wrong is stored or returned, nothing hangs, and one lie costs only what it touches.
 */
class HostileBucketTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();
    /** A drip of one byte this far apart is slower than a link the shared tier allows, and never idle for a timeout. */
    private static final Duration DRIP = Duration.ofMillis(100);


    static long cube(long x) {
        CALLS.incrementAndGet();
        return x * x * x;
    }

    static long square(long x) {
        CALLS.incrementAndGet();
        return x * x;
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private MultiProcCachedFunction1<Long, Long> cubes(Path root, SharedStore store) {
        var builder = Mppfc.cache(HostileBucketTest::cube).path(root);
        return (store == null ? builder : builder.shared(store)).build();
    }

    /** Pushes {@code n} cubes, packed, to the bucket under {@code p}, straight to the server, from root {@code a}. */
    private void pushCubes(int n) throws IOException {
        pushCubes("a", 0, n);
    }

    /** Pushes the cubes of {@code from} to {@code to} (excluded), packed, from a root of its own. */
    private void pushCubes(String name, int from, int to) throws IOException {
        Path a = markedRoot(name);
        try (var f = cubes(a, null)) {
            for (long x = from; x < to; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(a, null);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
        }
    }

    /** The store under {@code p} as the relay shows it, with a lookup timeout of one second. */
    private S3Store through(LyingRelay relay) {
        return server.builder("p").endpoint(relay.endpoint()).timeout(Duration.ofSeconds(1)).build();
    }

    private String anObjectEndingWith(String end) {
        return server.objects().stream().filter(o -> o.endsWith(end)).findFirst().orElseThrow();
    }

    @Test
    @Timeout(120) // a hang's bound; before the fix the pull read on for minutes
    void aPackSentSlowerThanAnyLinkEndsItsPullInBoundedTimeAndStoresNothing() throws Exception {
        pushCubes(40);
        String pack = anObjectEndingWith(".mpk");
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> request.isGetOf(pack)
                ? real.ask(request).dripping(DRIP) : real.ask(request));
                S3Store store = through(relay)) {
            Path b = markedRoot("b");
            long start = System.nanoTime();

            List<SharedPull.Result> pulled = SharedPull.pull(b, store, null, SharedProgress.NONE);

            // the pack is some kilobytes: dripped whole it would take minutes
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            assertThat(pulled).singleElement().satisfies(r -> {
                assertThat(r.skipped()).isTrue();
                assertThat(r.unread()).contains("too slowly");
            });
            try (var f = cubes(b, null)) {
                assertThat(f.apply(3L)).isEqualTo(27);
            }
            assertThat(CALLS).as("computed again, nothing was pulled").hasValue(41);
        }
    }

    @Test
    @Timeout(120)
    void aLooseObjectSentSlowerThanAnyLinkEndsItsGetInBoundedTime() throws Exception {
        Path a = markedRoot("a");
        try (S3Store direct = server.store("p"); var f = cubes(a, direct)) {
            f.apply(5L);
            f.awaitAll();
        }
        String loose = server.objects().stream().filter(o -> o.matches("p/.*/[0-9a-f]{64}")).findFirst().orElseThrow();
        String key = loose.substring("p/".length());
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> request.isGetOf(loose)
                ? real.ask(request).dripping(DRIP) : real.ask(request));
                S3Store store = through(relay)) {
            long start = System.nanoTime();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(key, 1 << 20))
                    .isInstanceOf(IOException.class).hasMessageContaining("too slowly");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    @Timeout(120)
    void anEndlessBodyWithNoDeclaredLengthIsAMissAndTheValueIsComputedRight() throws Exception {
        Path a = markedRoot("a");
        try (S3Store direct = server.store("p"); var f = cubes(a, direct)) {
            f.apply(5L);
            f.awaitAll();
        }
        String loose = server.objects().stream().filter(o -> o.matches("p/.*/[0-9a-f]{64}")).findFirst().orElseThrow();
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> request.isGetOf(loose)
                ? real.ask(request).endless() : real.ask(request));
                S3Store store = through(relay); var f = cubes(markedRoot("b"), store)) {

            assertThat(f.apply(5L)).isEqualTo(125);
        }
        assertThat(CALLS).as("computed there, then here").hasValue(2);
        assertThat(log.text()).contains("of unknown size");
    }

    @Test
    void aRangedReadAnsweredWithTheWholePackIsAMissAndTheValueIsComputedRight() throws Exception {
        pushCubes(40);
        String pack = anObjectEndingWith(".mpk");
        byte[] whole = server.bytesOf(pack);
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> request.isGetOf(pack)
                ? real.ask(request).whole(whole) : real.ask(request));
                S3Store store = through(relay); var f = cubes(markedRoot("b"), store)) {

            assertThat(f.apply(3L)).isEqualTo(27);
            assertThat(f.apply(4L)).isEqualTo(64);
        }
        assertThat(CALLS).as("the 40 pushed, then both computed here").hasValue(42);
        assertThat(log.text()).contains("for a range of");
    }

    @Test
    void aFunctionFolderWhoseNameNoFileSystemHoldsIsPassedOverAndTheOthersArePulled() throws Exception {
        pushCubes(20);
        String planted = "p/" + "f".repeat(300) + "@0000000000000001/" + "ab".repeat(32);
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            LyingRelay.Answer answer = real.ask(request);
            return request.isListing() ? answer.withBody(listed(answer.text(), planted).getBytes()) : answer;
        });
                S3Store store = through(relay)) {
            Path b = markedRoot("b");

            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isEqualTo(20));
            try (var f = cubes(b, null)) {
                assertThat(f.apply(3L)).isEqualTo(27);
            }
            assertThat(CALLS).as("the 20 pushed, nothing computed here").hasValue(20);
        }
    }

    @Test
    void anObjectListedTwiceIsPulledOnce() throws Exception {
        pushCubes(20);
        String index = anObjectEndingWith(".idx");
        String pack = index.substring(0, index.length() - ".idx".length());
        AtomicInteger packReads = new AtomicInteger();
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            if (request.isGetOf(pack)) {
                packReads.incrementAndGet();
            }
            LyingRelay.Answer answer = real.ask(request);
            return request.isListing() ? answer.withBody(listed(answer.text(), pack, index).getBytes()) : answer;
        });
                S3Store store = through(relay)) {
            Path b = markedRoot("b");

            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isEqualTo(20));
            assertThat(packReads).hasValue(1);
        }
    }

    @Test
    void gcOfAnOldVersionLeavesAListedKeyThatIsNotMppfcsDotDotsIncluded() throws Exception {
        server.replace("q/precious", "not mppfc's".getBytes());
        server.replace("p/g@0000000000000002/" + "ab".repeat(32), new byte[] {1});
        String planted = "p/g@0000000000000001/../../q/precious";
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            LyingRelay.Answer answer = real.ask(request);
            return request.isListing() ? answer.withBody(listed(answer.text(), planted).getBytes()) : answer;
        });
                S3Store store = through(relay)) {

            io.mppfc.cache.maintenance.SharedInventory.collect(store, 1);

            assertThat(server.objects()).contains("q/precious");
        }
    }

    /** The function directory of the cubes {@link #pushCubes} pushed from root {@code a}. */
    private Path cubesDirectory() throws IOException {
        return CacheInventory.functionDirectories(temp.resolve("a")).get(0);
    }

    @Test
    void aLookupWhileThePacksAreListedAgainAnswersFromThePacksKnownBefore() throws Exception {
        pushCubes(20);
        AtomicInteger listings = new AtomicInteger();
        java.util.concurrent.CountDownLatch storeAnswers = new java.util.concurrent.CountDownLatch(1);
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            if (request.isListing() && listings.incrementAndGet() > 1) {
                try {
                    storeAnswers.await(60, java.util.concurrent.TimeUnit.SECONDS); // a listing that takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.ask(request);
        });
                S3Store store = through(relay)) {
            CacheInventory.Entry cube = CacheInventory.packedEntries(cubesDirectory()).get(0);
            RemotePacks packs = new RemotePacks(store, cubesDirectory().getFileName().toString(), 1 << 20, Duration.ZERO,
                    new java.util.concurrent.atomic.AtomicLong(1 << 20));
            assertThat(packs.entry(cube.key(), Duration.ofSeconds(30).toNanos())).as("after the first listing").isNotNull();

            byte[] during = packs.entry(cube.key(), Duration.ofMillis(200).toNanos());

            assertThat(listings).as("a second listing is under way").hasValue(2);
            assertThat(during).as("the entry, from the pack known before").isNotNull();
            storeAnswers.countDown();
        }
    }

    @Test
    void aListingOfThePacksThatFailsLeavesThePacksKnownBeforeToAnswer() throws Exception {
        pushCubes(20);
        AtomicInteger listings = new AtomicInteger();
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            LyingRelay.Answer answer = real.ask(request);
            if (request.isListing() && listings.incrementAndGet() > 1) {
                return new LyingRelay.Answer(500, java.util.Map.of("Content-Type", List.of("application/xml")),
                        FailingOneObject.INTERNAL_ERROR.getBytes(), FailingOneObject.INTERNAL_ERROR.length(), Duration.ZERO);
            }
            return answer;
        });
                S3Store store = through(relay)) {
            CacheInventory.Entry cube = CacheInventory.packedEntries(cubesDirectory()).get(0);
            RemotePacks packs = new RemotePacks(store, cubesDirectory().getFileName().toString(), 1 << 20, Duration.ZERO,
                    new java.util.concurrent.atomic.AtomicLong(1 << 20));
            assertThat(packs.entry(cube.key(), Duration.ofSeconds(30).toNanos())).as("after the first listing").isNotNull();

            // each lookup starts a listing once the last is over: a third means the second failed
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (listings.get() < 3 && System.nanoTime() < deadline) {
                assertThat(packs.entry(cube.key(), Duration.ofMillis(200).toNanos())).as("while listings fail").isNotNull();
            }
            assertThat(listings.get()).as("listings made").isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void thePackIndexesALookupHoldsStayWithinTheirBoundTogether() throws Exception {
        pushCubes("a", 0, 20);
        pushCubes("c", 20, 40);
        CacheInventory.Entry first = CacheInventory.packedEntries(cubesDirectory()).get(0);
        CacheInventory.Entry second = CacheInventory.packedEntries(
                CacheInventory.functionDirectories(temp.resolve("c")).get(0)).get(0);
        long oneIndex = server.bytesOf(anObjectEndingWith(".idx")).length;
        try (S3Store store = server.store("p")) {
            RemotePacks packs = new RemotePacks(store, cubesDirectory().getFileName().toString(), oneIndex * 3 / 2);

            long found = java.util.stream.Stream.of(first, second).filter(cube -> {
                try {
                    return packs.entry(cube.key(), Duration.ofSeconds(30).toNanos()) != null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();

            assertThat(found).as("keys found, of one in each pack").isEqualTo(1);
            assertThat(log.text()).contains("bytes allowed");
        }
    }

    @Test
    void anIndexWhoseSlotPointsAtAnotherKeysRecordIsAMissNotThatValue() throws Exception {
        pushCubes(20);
        String index = anObjectEndingWith(".idx");
        java.nio.ByteBuffer forged = java.nio.ByteBuffer.wrap(server.bytesOf(index));
        // slots 0 and 1 swap where their records are (offset, length, hash), each keeping its key's prefix
        int head = 52;
        int slot = 36;
        byte[] first = new byte[28];
        byte[] second = new byte[28];
        forged.get(head + 8, first).get(head + slot + 8, second);
        forged.put(head + 8, second).put(head + slot + 8, first);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(forged.array(), 0, forged.capacity() - 8);
        forged.putInt(forged.capacity() - 8, (int) crc.getValue());
        long prefix = forged.getLong(head);
        CacheInventory.Entry cube = CacheInventory.packedEntries(cubesDirectory()).stream()
                .filter(e -> e.key().word(0) == prefix).findFirst().orElseThrow();
        try (S3Store store = server.store("p")) {
            String function = cubesDirectory().getFileName().toString();
            assertThat(new RemotePacks(store, function, 1 << 20).entry(cube.key(), Duration.ofSeconds(30).toNanos()))
                    .as("with the true index").isNotNull();
            server.replace(index, forged.array());

            assertThat(new RemotePacks(store, function, 1 << 20).entry(cube.key(), Duration.ofSeconds(30).toNanos()))
                    .as("with the forged one").isNull();
            assertThat(log.text()).contains("the record holds another key");
        }
    }

    /** A listing page that also names {@code keys}, as a store may. */
    private static String listed(String page, String... keys) {
        StringBuilder more = new StringBuilder();
        for (String key : keys) {
            more.append("<Contents><Key>").append(key).append("</Key><LastModified>2026-12-07T00:00:00.000Z"
                    + "</LastModified><Size>100</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        return page.replace("</ListBucketResult>", more + "</ListBucketResult>");
    }
}
