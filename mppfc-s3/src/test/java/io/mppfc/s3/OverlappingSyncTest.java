package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caches that overlap, moved through a real S3 server: a pull holds one pack index at a time,
 * and a push sends only the records the bucket does not hold whole.
 */
class OverlappingSyncTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();

    static long square(long x) {
        CALLS.incrementAndGet();
        return x * x;
    }

    static long cube(long x) {
        CALLS.incrementAndGet();
        return x * x * x;
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private Path root(String name) throws IOException {
        Path root = temp.resolve(name);
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            CacheMarker.markRoot(root);
        }
        return root;
    }

    private MultiProcCachedFunction1<Long, Long> cubes(Path root) {
        return Mppfc.cache(OverlappingSyncTest::cube).path(root).build();
    }

    /** Computes the cubes of {@code from} to {@code to} (excluded) in {@code root} and packs them. */
    private Path packed(String name, int from, int to) throws IOException {
        Path root = root(name);
        try (var f = cubes(root)) {
            for (long x = from; x < to; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(root, null);
        return root;
    }

    private void push(Path root) throws IOException {
        try (S3Store store = server.store("p")) {
            SharedPush.push(root, store, null, SharedProgress.NONE);
        }
    }

    /** The records the bucket's pack indexes offer, and its loose entries, over every function. */
    private long recordsInBucket() throws IOException {
        try (S3Store store = server.store("p")) {
            return SharedInventory.summarize(store).stream().mapToLong(s -> s.packedEntries() + s.looseEntries()).sum();
        }
    }

    private void assertAllCubesWithoutComputing(Path root, int n) throws IOException {
        int before = CALLS.get();
        try (var f = cubes(root)) {
            for (long x = 0; x < n; x++) {
                assertThat(f.apply(x)).isEqualTo(x * x * x);
            }
        }
        assertThat(CALLS.get() - before).as("computed instead of pulled").isZero();
    }

    @Test
    void aPullReadsEachPackIndexOnlyOnceThePackBeforeItIsFetched() throws Exception {
        push(packed("a", 0, 20));
        push(packed("c", 20, 40));
        push(packed("d", 40, 60));
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        try (LyingRelay relay = new LyingRelay(server.endpoint(), (request, real) -> {
            if (request.method().equals("GET") && request.query() == null) {
                reads.add(request.decodedPath().endsWith(".idx") ? "index" : request.decodedPath().endsWith(".mpk")
                        ? "pack" : "object");
            }
            return real.ask(request);
        }); S3Store store = server.builder("p").endpoint(relay.endpoint()).build()) {
            Path b = root("b");

            SharedPull.pull(b, store, null, SharedProgress.NONE);

            assertAllCubesWithoutComputing(b, 60);
        }
        assertThat(reads).as("each index is followed by its pack: one index held at a time, not all of them")
                .containsExactly("index", "pack", "index", "pack", "index", "pack");
    }

    @Test
    void aCacheThatPulledAndComputedMorePushesOnlyTheRecordsTheBucketLacks() throws Exception {
        push(packed("a", 0, 40));
        Path b = root("b");
        try (S3Store store = server.store("p")) {
            SharedPull.pull(b, store, null, SharedProgress.NONE);
        }
        packed("b", 40, 60); // b's one pack now holds a's 40 records and its own 20

        push(b);

        assertThat(recordsInBucket()).as("a's 40 records are in the bucket once").isEqualTo(60);
        Path c = root("c");
        try (S3Store store = server.store("p")) {
            SharedPull.pull(c, store, null, SharedProgress.NONE);
        }
        assertAllCubesWithoutComputing(c, 60);
    }

    @Test
    void aPackTheBucketHoldsCutShortIsPushedAgainNotTakenForHeld() throws Exception {
        Path a = packed("a", 0, 40);
        push(a);
        String pack = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();
        server.replace(pack, new byte[100]); // its index still offers all 40 records

        push(a);

        Path c = root("c");
        try (S3Store store = server.store("p")) {
            SharedPull.pull(c, store, null, SharedProgress.NONE);
        }
        assertAllCubesWithoutComputing(c, 40);
    }

    @Test
    void aPushOfACacheTheBucketHoldsWholeSendsNothing() throws Exception {
        Path a = packed("a", 0, 40);
        push(a);
        java.util.Set<String> before = server.objects();

        try (S3Store store = server.store("p")) {
            assertThat(SharedPush.push(a, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.bytes()).isZero());
        }

        assertThat(server.objects()).isEqualTo(before);
    }

    @Test
    void aFunctionsFolderCopiedUnderAnotherFunctionsNameIsRefusedByPullNotMergedAsItsValues() throws Exception {
        push(packed("a", 0, 20));
        Path s = root("s");
        try (var f = Mppfc.cache(OverlappingSyncTest::square).path(s).build()) {
            f.apply(100L); // only to learn the squares' directory name
        }
        String cubes = onlyFunction(temp.resolve("a"));
        String squares = onlyFunction(s);
        try (S3Store store = server.store("p")) {
            for (String object : server.objects()) {
                String key = object.substring("p/".length());
                if (key.startsWith(cubes + "/")) {
                    Path copy = temp.resolve("copy");
                    store.getFile(key, copy, 1 << 30);
                    store.putFile(squares + key.substring(cubes.length()), copy);
                    Files.delete(copy);
                }
            }
            Path b = root("b");

            List<SharedPull.Result> pulled = SharedPull.pull(b, store, null, SharedProgress.NONE);

            assertThat(pulled).filteredOn(r -> r.function().equals(squares)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isZero());
            CALLS.set(0);
            try (var f = Mppfc.cache(OverlappingSyncTest::square).path(b).build()) {
                for (long x = 0; x < 20; x++) {
                    assertThat(f.apply(x)).isEqualTo(x * x);
                }
            }
            assertThat(CALLS).as("every square computed: none came from the cubes' records").hasValue(20);
        }
    }

    private static String onlyFunction(Path root) throws IOException {
        try (var dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).filter(n -> n.contains("@"))
                    .findFirst().orElseThrow();
        }
    }
}
