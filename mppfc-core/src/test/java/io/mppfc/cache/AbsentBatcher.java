package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A worker's store, alone in its own JVM: publishes batches of keys flagged absent, each
 * value large enough that folds fill more than one size tier, and counts the batches published
 * in a file beside the cache. Run again after a kill, it goes on from the count (the batch it was
 * publishing when killed is published again, absent again: a second record at most).
 */
final class AbsentBatcher {

    static final int BATCH = 8;
    static final String TAG = "ab5e7";

    private AbsentBatcher() {
    }

    static CacheKey key(long i) {
        return CacheKey.of(Footprint.sha256("absent-" + i));
    }

    /** About 1.2 KB encoded: a batch pack of 8 is 2-3 blocks, a fold of 17 of them the next tier. */
    static long[] value(long i) {
        long[] v = new long[150];
        for (int j = 0; j < v.length; j++) {
            v[j] = i * 1_000 + j;
        }
        return v;
    }

    static Path counter(Path root) {
        return root.resolveSibling(root.getFileName() + ".published");
    }

    static long published(Path root) throws IOException {
        try {
            return Long.parseLong(Files.readString(counter(root)).trim());
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Starts a writer into {@code root} in a JVM of its own, its stderr into {@code err}. */
    static Process start(Path root, Path err) throws IOException {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), AbsentBatcher.class.getName(), root.toString())
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until {@code writer} has counted {@code target} batches, failing as {@code what} if it ends or takes over {@code seconds}. */
    static void awaitPublished(Process writer, Path root, long target, long seconds, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (published(root) < target) {
            assertThat(System.nanoTime()).as(what + ": the writer publishes").isLessThan(deadline);
            assertThat(writer.isAlive()).as(what + ": the writer runs (see its stderr beside " + root + ")").isTrue();
            Thread.onSpinWait();
        }
    }

    /**
     * Reads every entry of the first {@code batches} batches from the cache of {@code function}
     * as another program opens it, each whole and right.
     *
     * @return their keys
     */
    static List<CacheKey> readEveryCountedEntry(Path function, long batches) throws Exception {
        List<CacheKey> keys = new ArrayList<>();
        DiskCache reader = FunctionCacheFixture.open(function);
        for (long i = 0; i < batches * BATCH; i++) {
            CacheEntry e = reader.read(key(i));
            assertThat(e).as("entry %d of %d counted batches", i, batches).isNotNull();
            assertThat((long[]) e.value()).as("entry %d", i).isEqualTo(value(i));
            keys.add(key(i));
        }
        return keys;
    }

    /** Arguments: the cache root; runs until killed or 100,000 batches. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        DiskCache cache = FunctionCacheFixture.open(root.resolve("f")).taggingTemps(TAG);
        Path counter = counter(root);
        Path temp = counter.resolveSibling(counter.getFileName() + ".tmp");
        for (long b = published(root); b < 100_000; b++) {
            EntryBatch batch = cache.batch();
            for (long i = b * BATCH; i < (b + 1) * BATCH; i++) {
                if (!batch.add(key(i), value(i), Duration.ZERO, new byte[0], true)) {
                    throw new IllegalStateException("key " + i + " not taken into the batch");
                }
            }
            batch.publish();
            Files.writeString(temp, Long.toString(b + 1));
            Files.move(temp, counter, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
