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
import java.util.Locale;

/**
 * What an entry costs with its options: compression on a compressible 10 MB {@code double[]}
 * and on small results, and the arguments' footprint stored in each entry. Prints a Markdown
 * table. Not a test: numbers depend on the machine.
 */
public final class EntryBenchmark {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final int SMALL = 2000;

    private EntryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-entries");
        try {
            System.out.println("| entry | size on disk (bytes of the file) | write | read |");
            System.out.println("|---|---:|---:|---:|");
            double[] smooth = new double[10 * 1024 * 1024 / 8];
            for (int i = 0; i < smooth.length; i++) {
                smooth[i] = Math.round(Math.sin(i / 1000.0) * 1000) / 1000.0; // a measured curve, 3 decimals
            }
            for (int level : new int[] {0, 1, 3, 19}) {
                big(work.resolve("big" + level), smooth, level);
            }
            small(work);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static DiskCache open(Path dir, int level) throws Exception {
        return DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).compressing(level);
    }

    private static String name(int level) {
        return level == 0 ? "uncompressed" : "zstd level " + level;
    }

    private static void big(Path dir, double[] value, int level) throws Exception {
        DiskCache cache = open(dir, level);
        double write = Double.MAX_VALUE;
        double read = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            CacheKey key = CacheKey.of(Footprint.sha256(round));
            long t0 = System.nanoTime();
            cache.write(key, value, Duration.ZERO, true);
            long t1 = System.nanoTime();
            double[] back = (double[]) cache.read(key).value();
            long t2 = System.nanoTime();
            if (back.length != value.length) {
                throw new AssertionError("wrong value");
            }
            write = Math.min(write, (t1 - t0) / 1e6);
            read = Math.min(read, (t2 - t1) / 1e6);
        }
        long size = Files.size(cache.entryPath(CacheKey.of(Footprint.sha256(0))));
        System.out.printf(Locale.ROOT, "| 10 MB `double[]` of a sine to 3 decimals, %s | %,d | %.1f ms | %.1f ms |%n", name(level), size,
                write, read);
    }

    private record Variant(String name, DiskCache cache, boolean withArguments, long[] writeNanos, long[] readNanos) {
    }

    /** The variants take turns, round after round, so that the disk's drift weighs on all alike. */
    private static void small(Path work) throws Exception {
        int rounds = 7;
        Variant[] variants = {
            new Variant("uncompressed, without its arguments", open(work.resolve("s1"), 0), false, new long[rounds],
                    new long[rounds]),
            new Variant("uncompressed, with its arguments", open(work.resolve("s2"), 0), true, new long[rounds],
                    new long[rounds]),
            new Variant("zstd level 3, with its arguments", open(work.resolve("s3"), 3), true, new long[rounds],
                    new long[rounds])};
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            for (Variant v : variants) {
                long t0 = System.nanoTime();
                for (int i = 0; i < SMALL; i++) {
                    byte[] footprint = Footprint.ofArguments((round + 1) * SMALL + i * 1.0);
                    v.cache().write(CacheKey.of(Footprint.sha256().digest(footprint)), i * 0.5, Duration.ZERO, true,
                            v.withArguments() ? footprint : new byte[0]);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < SMALL; i++) {
                    byte[] footprint = Footprint.ofArguments((round + 1) * SMALL + i * 1.0);
                    v.cache().read(CacheKey.of(Footprint.sha256().digest(footprint)));
                }
                long t2 = System.nanoTime();
                if (round >= 0) {
                    v.writeNanos()[round] = t1 - t0;
                    v.readNanos()[round] = t2 - t1;
                }
            }
        }
        for (Variant v : variants) {
            byte[] footprint = Footprint.ofArguments(SMALL * 1.0);
            long size = Files.size(v.cache().entryPath(CacheKey.of(Footprint.sha256().digest(footprint))));
            System.out.printf(Locale.ROOT, "| a `double` of `f(double)`, %s | %,d | %.1f µs | %.1f µs |%n", v.name(), size,
                    median(v.writeNanos()) / 1e3 / SMALL, median(v.readNanos()) / 1e3 / SMALL);
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
