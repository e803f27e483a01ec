package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.SharedStore;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole caches moved through a real S3 server (s3proxy): push, pull, remote packs, status and gc of the store. */
class SharedSyncTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();


    static long cube(long x) {
        CALLS.incrementAndGet();
        return x * x * x;
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private MultiProcCachedFunction1<Long, Long> cached(Path root, SharedStore store) {
        var builder = Mppfc.cache(SharedSyncTest::cube).path(root);
        return (store == null ? builder : builder.shared(store)).build();
    }

    /** A root with {@code packed} values in one pack and {@code loose} more as loose entries, computed without the store. */
    private Path computed(String name, int packed, int loose) throws IOException {
        Path root = markedRoot(name);
        try (var f = cached(root, null)) {
            for (long x = 0; x < packed; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(root, null);
        try (var f = cached(root, null)) {
            for (long x = packed; x < packed + loose; x++) {
                f.apply(x);
            }
        }
        return root;
    }

    private void assertAllCubesWithoutComputing(Path root, SharedStore store, int n) throws IOException {
        int before = CALLS.get();
        try (var f = cached(root, store)) {
            for (long x = 0; x < n; x++) {
                assertThat(f.apply(x)).isEqualTo(x * x * x);
            }
        }
        assertThat(CALLS.get() - before).as("computed").isZero();
    }

    private long objectsEndingWith(String suffix) {
        return server.objects().stream().filter(o -> o.endsWith(suffix)).count();
    }

    @Test
    void pushThenPullIntoAnEmptyRootGivesEveryValueWithoutComputing() throws IOException {
        Path a = computed("a", 40, 20);
        try (S3Store store = server.store("team")) {
            List<SharedPush.Result> pushed = SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(pushed).singleElement().satisfies(r -> assertThat(r.packs()).isEqualTo(2));
            assertThat(server.objects()).as("a pack and the loose entries gathered into one, each with its index")
                    .hasSize(4);

            Path b = markedRoot("b");
            List<SharedPull.Result> pulled = SharedPull.pull(b, store, null, SharedProgress.NONE);
            assertThat(pulled).singleElement().satisfies(r -> {
                assertThat(r.records()).isEqualTo(60);
                assertThat(r.refused()).isZero();
            });
            int computedInA = CALLS.get();
            assertAllCubesWithoutComputing(b, null, 60);
            assertThat(CALLS).hasValue(computedInA);
        }
    }

    @Test
    void pushAndPullAreIncremental() throws IOException {
        Path a = computed("a", 30, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(SharedPush.push(a, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.packs() + r.looseObjects()).as("nothing again").isZero());
            Path b = markedRoot("b");
            SharedPull.pull(b, store, null, SharedProgress.NONE);
            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.packs() + r.looseObjects()).as("nothing again").isZero());
        }
    }

    @Test
    void aLookupFindsAPushedPackedEntryThroughItsIndex() throws IOException {
        Path a = computed("a", 50, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(server.objects()).hasSize(2);
            int computedInA = CALLS.get();

            assertAllCubesWithoutComputing(markedRoot("b"), store, 50);
            assertThat(CALLS).hasValue(computedInA);
        }
    }

    @Test
    void aPushInterruptedBeforeTheIndexShowsNoPackAndARerunCompletesIt() throws IOException {
        Path a = computed("a", 20, 0);
        try (S3Store store = server.store("p")) {
            SharedStore dyingBeforeIndexes = new FailingIndexPuts(store);
            assertThatThrownBy(() -> SharedPush.push(a, dyingBeforeIndexes, null, SharedProgress.NONE))
                    .isInstanceOf(IOException.class);
            assertThat(objectsEndingWith(".mpk")).isEqualTo(1);
            assertThat(objectsEndingWith(".idx")).isZero();
            assertThat(SharedInventory.summarize(store)).singleElement().satisfies(s -> {
                assertThat(s.packedEntries()).isZero();
                assertThat(s.halfPacks()).isEqualTo(1);
            });
            Path b = markedRoot("b");
            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).as("a pack without its index is not there")
                    .isEmpty();
            assertThat(CacheInventory.functionDirectories(b)).isEmpty();

            SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(objectsEndingWith(".idx")).isEqualTo(1);
            int computedInA = CALLS.get();
            assertAllCubesWithoutComputing(markedRoot("c"), store, 20);
            assertThat(CALLS).hasValue(computedInA);
        }
    }

    @Test
    void aPackReplacedByGarbageIsPulledAsNothing() throws IOException {
        Path a = computed("a", 20, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            String pack = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();
            server.replace(pack, "not a pack at all".repeat(100).getBytes());

            Path b = markedRoot("b");
            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement().satisfies(r -> {
                assertThat(r.records()).isZero();
                assertThat(r.refused()).isEqualTo(1);
            });
            assertThat(log.text()).contains("does not match its index");
            assertThat(CacheInventory.count(b.resolve(pack.split("/")[1]))).isZero();
        }
    }

    @Test
    void aPackReplacedByAnotherPackIsNeitherPulledNorRead() throws IOException {
        Path a = computed("a", 20, 0);
        Path other = computed("other", 25, 0);
        try (S3Store store = server.store("p"); S3Store elsewhere = server.store("q")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            SharedPush.push(other, elsewhere, null, SharedProgress.NONE);
            String pack = server.objects().stream().filter(o -> o.startsWith("p/") && o.endsWith(".mpk")).findFirst()
                    .orElseThrow();
            String foreign = server.objects().stream().filter(o -> o.startsWith("q/") && o.endsWith(".mpk")).findFirst()
                    .orElseThrow();
            server.replace(pack, server.bytesOf(foreign));

            Path b = markedRoot("b");
            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isZero());
            CALLS.set(0);
            try (var f = cached(markedRoot("c"), store)) {
                for (long x = 0; x < 20; x++) {
                    assertThat(f.apply(x)).isEqualTo(x * x * x);
                }
            }
            assertThat(CALLS).as("every record read in a range fails its hash: computed again").hasValue(20);
        }
    }

    @Test
    void aPackCutShortHidesNothingThatAnotherPackHolds() throws IOException {
        Path a = computed("a", 20, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            String pack = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();
            String folder = pack.substring(0, pack.lastIndexOf('/') + 1);
            byte[] whole = server.bytesOf(pack);
            byte[] index = server.bytesOf(pack + ".idx");
            store.delete(pack.substring("p/".length()) + ".idx");
            store.delete(pack.substring("p/".length()));
            // names whose order puts the damaged pack first wherever the packs are looked in
            String damaged = folder + "pack-000000000001-0000000000000000.mpk";
            String good = folder + "pack-000000000001-1111111111111111.mpk";
            server.replace(damaged, java.util.Arrays.copyOf(whole, 40));
            server.replace(damaged + ".idx", index);
            server.replace(good, whole);
            server.replace(good + ".idx", index);
            int computedInA = CALLS.get();

            assertAllCubesWithoutComputing(markedRoot("b"), store, 20);
            assertThat(CALLS).hasValue(computedInA);
            assertThat(log.text()).contains("pack-000000000001-0000000000000000.mpk");
        }
    }

    @Test
    void pullMakesNothingForAFolderOfTheBucketThatHoldsNoEntries() throws IOException {
        server.replace("p/notes/readme.txt", "not mppfc's".getBytes());
        server.replace("p/backups/2026/" + "ab".repeat(32), new byte[] {1});
        server.replace("p/f@0000000000000001/packs/pack-000000000001-0000000000000000.mpk", new byte[100]);
        try (S3Store store = server.store("p")) {
            Path b = markedRoot("b");
            try (var before = Files.list(b)) {
                List<Path> there = before.toList();

                assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).isEmpty();
                try (var after = Files.list(b)) {
                    assertThat(after.filter(p -> !p.getFileName().toString().equals(".gc.lock")))
                            .containsExactlyInAnyOrderElementsOf(there);
                }
            }
        }
    }

    @Test
    void pullLeavesAFileOfTheUsersUnderAFunctionsNameAndPullsTheOtherFunctions() throws IOException {
        Path a = computed("a", 20, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            String anEntry = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();
            server.replace("p/" + CacheMarker.CACHEDIR_TAG + "/" + "cd".repeat(32), server.bytesOf(anEntry));
            Path b = markedRoot("b");
            CacheMarker.tagForBackupTools(b);
            byte[] tag = Files.readAllBytes(b.resolve(CacheMarker.CACHEDIR_TAG));

            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isEqualTo(20));
            assertThat(b.resolve(CacheMarker.CACHEDIR_TAG)).isRegularFile().hasBinaryContent(tag);
            assertThat(log.text()).contains("did not pull " + CacheMarker.CACHEDIR_TAG);
        }
    }

    @Test
    void aTeammatesPullScratchIsLeftToItsOwnerAndOnesOwnIsRemoved() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "a directory of another user is made by root");
        Path a = computed("a", 20, 0);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            Path b = markedRoot("b");
            SharedPull.pull(b, store, null, SharedProgress.NONE);
            Path function = CacheInventory.functionDirectories(b).get(0);
            Path teammates = Files.createDirectory(function.resolve(".mppfc-pull-00000000000000aa"));
            Files.write(teammates.resolve("half-downloaded.mpk"), new byte[10]);
            Files.setAttribute(teammates.resolve("half-downloaded.mpk"), "unix:uid", 65534);
            Files.setAttribute(teammates, "unix:uid", 65534);
            Files.setAttribute(teammates, "unix:mode", 0700);
            Path own = Files.createDirectory(function.resolve(".mppfc-pull-00000000000000bb"));
            Files.write(own.resolve("half-downloaded.mpk"), new byte[10]);
            SharedPush.push(computed("c", 30, 0), store, null, SharedProgress.NONE);

            assertThat(SharedPull.pull(b, store, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.packs()).isEqualTo(1));
            assertThat(teammates.resolve("half-downloaded.mpk")).exists();
            assertThat(own).doesNotExist();
        }
    }

    @Test
    void withSigningAnIndexPlantedWithoutTheKeyIsIgnored() throws IOException {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        Path a = computed("a", 20, 0);
        try (S3Store signed = server.builder("p").signingKey(key).build(); S3Store unsigned = server.store("p")) {
            SharedPush.push(a, unsigned, null, SharedProgress.NONE);
            assertThat(SharedPull.pull(markedRoot("b"), signed, null, SharedProgress.NONE)).singleElement()
                    .satisfies(r -> assertThat(r.records()).isZero());
            CALLS.set(0);
            try (var f = cached(markedRoot("c"), signed)) {
                assertThat(f.apply(3L)).isEqualTo(27);
            }
            assertThat(CALLS).hasValue(1);

            SharedPush.push(a, signed, null, SharedProgress.NONE);
            int before = CALLS.get();
            assertAllCubesWithoutComputing(markedRoot("d"), signed, 20);
            assertThat(CALLS).hasValue(before);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aPushAndAPullAtOnceStoreOnlyRightValues() throws Exception {
        Path a = computed("a", 300, 40);
        try (S3Store store = server.store("p")) {
            Path b = markedRoot("b");
            var push = CompletableFuture.supplyAsync(() -> {
                try {
                    return SharedPush.push(a, store, null, SharedProgress.NONE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            for (int i = 0; i < 3 && !push.isDone(); i++) {
                SharedPull.pull(b, store, null, SharedProgress.NONE);
            }
            push.get(100, TimeUnit.SECONDS);
            SharedPull.pull(b, store, null, SharedProgress.NONE);
            int computedInA = CALLS.get();
            assertAllCubesWithoutComputing(b, null, 340);
            assertThat(CALLS).hasValue(computedInA);
        }
    }

    @Test
    void statusCountsLooseAndPackedEntriesPerCodeVersion() throws IOException {
        Path a = computed("a", 30, 3);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(SharedInventory.summarize(store)).singleElement().satisfies(s -> {
                assertThat(s.function()).endsWith("SharedSyncTest.cube");
                assertThat(s.codeVersion()).hasSize(16);
                assertThat(s.looseEntries()).isEqualTo(3);
                assertThat(s.packs()).isEqualTo(1);
                assertThat(s.packedEntries()).isEqualTo(30);
                assertThat(s.halfPacks()).isZero();
                assertThat(s.bytes()).isPositive();
            });
        }
    }

    @Test
    void gcKeepsTheNewestCodeVersionsOfEachFunction() throws IOException {
        Path a = computed("a", 10, 2);
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            String current = server.objects().iterator().next().split("/")[1];
            String function = current.substring(0, current.indexOf('@'));
            byte[] anyObject = server.bytesOf(server.objects().iterator().next());
            Instant now = Instant.now();
            for (int v = 1; v <= 3; v++) {
                String object = "p/" + function + "@000000000000000" + v + "/" + "ab".repeat(32);
                server.replace(object, anyObject);
                server.age(object, now.minusSeconds(7200L * v));
            }
            for (String o : server.objects()) {
                if (o.contains(current)) {
                    server.age(o, now.minusSeconds(60));
                }
            }

            SharedInventory.Removed removed = SharedInventory.collect(store, 2);
            assertThat(removed.versions()).isEqualTo(2);
            assertThat(SharedInventory.summarize(store)).extracting(SharedInventory.Summary::directory)
                    .containsExactlyInAnyOrder(current, function + "@0000000000000001");
        }
    }

    @Test
    void gcKeepsAVersionWrittenWithinTheLastHourWhateverItsRank() throws IOException {
        try (S3Store store = server.store("p")) {
            for (int v = 1; v <= 3; v++) {
                server.replace("p/f@000000000000000" + v + "/" + "cd".repeat(32), new byte[] {1});
            }
            assertThat(SharedInventory.collect(store, 1)).satisfies(r -> {
                assertThat(r.versions()).isZero();
                assertThat(r.recent()).isEqualTo(2);
            });
            assertThat(SharedInventory.summarize(store)).hasSize(3);
        }
    }

    @Test
    void aStoreThatKeepsArgumentsOutGetsEveryEntryWithoutThem() throws Exception {
        Path a = computed("a", 30, 20);
        try (S3Store store = server.builder("p").uploadArguments(false).build()) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            assertThat(objectsEndingWith(".idx")).isEqualTo(1);
            String pack = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();
            byte[] packBytes = server.bytesOf(pack);
            var index = io.mppfc.cache.pack.RemotePackIndex.parse(server.bytesOf(pack + ".idx"));
            assertThat(index.count()).isEqualTo(50);
            for (int i = 0; i < index.count(); i++) {
                int at = (int) index.offset(i);
                byte[] entry = java.util.Arrays.copyOfRange(packBytes, at + 32, at + index.length(i));
                assertThat(io.mppfc.cache.EntryFormat.parse(entry).footprint()).isEmpty();
            }

            Path b = markedRoot("b");
            SharedPull.pull(b, store, null, SharedProgress.NONE);
            int computedInA = CALLS.get();
            assertAllCubesWithoutComputing(b, null, 50);
            assertThat(CALLS).hasValue(computedInA);
        }
    }

    /** The real store, dying as a killed push would between a pack and its index. */
    private record FailingIndexPuts(S3Store real) implements SharedStore {
        @Override
        public byte[] get(String key, long maxBytes) throws IOException {
            return real.get(key, maxBytes);
        }

        @Override
        public void put(String key, byte[] bytes) throws IOException {
            if (key.endsWith(".idx")) {
                throw new IOException("killed before the index");
            }
            real.put(key, bytes);
        }

        @Override
        public List<Listed> list(String keyPrefix) throws IOException {
            return real.list(keyPrefix);
        }

        @Override
        public void putFile(String key, Path file) throws IOException {
            real.putFile(key, file);
        }
    }
}
