package io.mppfc.examples.bench;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.DiskCache;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two threads doing the bare work of storing the entries trivial tasks store ({@link
 * ScaleBenchmark#bareWrite}: a temp file of an entry's bytes renamed into place, in the entries'
 * own directories made beforehand), the next n keys at each call: the disk's limit here,
 * without the cache's own overhead (encoding, header, checksum) in it.
 */
final class TwoThreadWrites implements AutoCloseable {

    private final Path dir;
    private final byte[] entry;
    private final int n;
    private final boolean profile;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private int first;

    TwoThreadWrites(Path dir, int n, boolean profile) throws Exception {
        this.dir = dir;
        this.n = n;
        this.profile = profile;
        DiskCache cache = DiskCache.open(dir.resolve("one"), Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES),
                ClassAllowList.JDK_VALUES, false);
        CacheKey key = CacheKey.of(Footprint.sha256(-1));
        cache.write(key, -1, Duration.ZERO, true);
        this.entry = Files.readAllBytes(cache.entryPath(key)); // what a worker writes for a trivial task
    }

    /** Entries per second for the next n. */
    double next() throws Exception {
        List<List<Path>> halves = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = first; i < first + n; i++) {
            Path target = ScaleBenchmark.barePath(dir, i);
            Files.createDirectories(target.getParent());
            halves.get(i % 2).add(target);
        }
        ThreadCpu cpuBefore = ThreadCpu.now();
        long start = System.nanoTime();
        List<Future<?>> parts = new ArrayList<>();
        for (List<Path> half : halves) {
            parts.add(threads.submit(() -> ScaleBenchmark.bareWrite(half, entry)));
        }
        for (Future<?> p : parts) {
            p.get();
        }
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        if (profile) {
            ThreadCpu.now().printSince(cpuBefore, n);
        }
        first += n;
        return perSecond;
    }

    @Override
    public void close() {
        threads.shutdown();
    }
}
