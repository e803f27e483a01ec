package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A store that takes uploads slower than any link (a byte every 100 ms): the upload ends within a
 * few spans of the store's timeout with one line naming the bucket, and nothing of it is read as
 * whole. The bodies are larger than the loopback's socket buffers, so the client's write blocks,
 * which no socket timeout bounds.
 */
class SlowUploadTest extends SharedStoreFixture {

    private static final Duration DRIP = Duration.ofMillis(100);
    /** Past what loopback's send and receive buffers hold (4 MiB and 128 KiB here by default). */
    private static final int LARGE = 12 << 20;
    private static final AtomicInteger CALLS = new AtomicInteger();

    /** One MiB of bytes that no compression shrinks, the same for the same {@code x}. */
    static byte[] blob(long x) {
        CALLS.incrementAndGet();
        return bytes(x);
    }

    private static byte[] bytes(long x) {
        byte[] bytes = new byte[1 << 20];
        new Random(x).nextBytes(bytes);
        return bytes;
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private LyingRelay slowReader() throws IOException {
        return new LyingRelay(server.endpoint(), request -> request.method().equals("PUT") ? DRIP : Duration.ZERO,
                (request, real) -> real.ask(request));
    }

    private S3Store through(LyingRelay relay) {
        return server.builder("p").endpoint(relay.endpoint()).timeout(Duration.ofSeconds(1)).build();
    }

    private MultiProcCachedFunction1<Long, byte[]> blobs(Path root) {
        return Mppfc.cache(SlowUploadTest::blob).path(root).build();
    }

    @Test
    // a hang's bound, on a thread of its own (a blocked write ignores an interrupt): before the fix
    // the upload was held for the whole-file bound of an hour
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileTheStoreTakesSlowerThanAnyLinkEndsInBoundedTimeNamingTheBucketAndIsNotStored() throws Exception {
        Path file = temp.resolve("large");
        byte[] bytes = new byte[LARGE];
        new Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        try (LyingRelay relay = slowReader(); S3Store store = through(relay)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> store.putFile("f/packs/large", file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("too slowly")
                    .hasMessageContaining("s3://" + S3ProxyServer.BUCKET + "/p")
                    .hasMessageNotContaining("\n");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
        assertThat(server.objects()).doesNotContain("p/f/packs/large");
    }

    @Test
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPushToAStoreThatTakesUploadsSlowerThanAnyLinkFailsInBoundedTimeAndLeavesNoPackToRead() throws Exception {
        Path a = Files.createDirectories(temp.resolve("a"));
        CacheMarker.markRoot(a);
        try (var f = blobs(a)) {
            for (long x = 0; x < 20; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(a, null);
        try (LyingRelay relay = slowReader(); S3Store store = through(relay)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> SharedPush.push(a, store, null, SharedProgress.NONE))
                    .isInstanceOf(IOException.class).hasMessageContaining("too slowly")
                    .hasMessageContaining("s3://" + S3ProxyServer.BUCKET + "/p").hasMessageNotContaining("\n");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        }
        assertThat(server.objects()).as("no index: no reader takes a pack for whole").noneMatch(o -> o.endsWith(".idx"));

        // the store at its pace again: the next push sends it whole, and a pull brings every value
        try (S3Store store = server.store("p")) {
            SharedPush.push(a, store, null, SharedProgress.NONE);
            Path b = Files.createDirectories(temp.resolve("b"));
            CacheMarker.markRoot(b);
            SharedPull.pull(b, store, null, SharedProgress.NONE);
            CALLS.set(0);
            try (var f = blobs(b)) {
                for (long x = 0; x < 20; x++) {
                    assertThat(f.apply(x)).isEqualTo(bytes(x));
                }
            }
            assertThat(CALLS).as("every value pulled, none computed").hasValue(0);
        }
    }

}
