package io.mppfc.examples.bench;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an entry costs with its options: compression on a compressible 10 MB {@code double[]}
 * and on small results, and the arguments' footprint stored in each entry, each next to the bare
 * work of the same size (the uncompressed bytes written to a temp file renamed into place, and
 * read back). The variants and the reference take turns round after round, the order rotated,
 * and every ratio is taken over the reference of the same round ({@link Interleaved}). Prints a
 * Markdown table. Not a test: numbers depend on the machine.
 */
public final class EntryBenchmark {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final int SMALL = 2000;
    private static final int ROUNDS = 5;
    private static final String REFERENCE = "reference";

    private EntryBenchmark() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception if an entry cannot be written or read
     */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-entries");
        try {
            System.out.println(ROUNDS + " rounds of every variant and its reference, the order rotated; ratios are taken "
                    + "round by round.");
            System.out.println();
            System.out.println("| entry | size on disk (bytes of the file) | write (min / median / max) | write / reference "
                    + "| read (min / median / max) | read / reference |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            double[] smooth = new double[10 * 1024 * 1024 / 8];
            for (int i = 0; i < smooth.length; i++) {
                smooth[i] = Math.round(Math.sin(i / 1000.0) * 1000) / 1000.0; // a measured curve, 3 decimals
            }
            big(work.resolve("big"), smooth);
            small(work.resolve("small"));
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static DiskCache open(Path dir, int level) throws Exception {
        return DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).compressing(level);
    }

    /** One way of storing: how it writes the entries of a round, and how it reads them back. */
    private record Variant(String name, Round write, Round read, Interleaved writes, Interleaved reads) {
        Variant(String name, Round write, Round read) {
            this(name, write, read, new Interleaved(name + ", write"), new Interleaved(name + ", read"));
        }
    }

    /** A timed part of round {@code round}; returns how many entries it wrote or read. */
    private interface Round {
        int run(int round) throws Exception;
    }

    private static void big(Path dir, double[] value) throws Exception {
        ByteBuffer raw = ByteBuffer.allocate(value.length * 8);
        raw.asDoubleBuffer().put(value);
        byte[] bytes = raw.array();
        Path bare = Files.createDirectories(dir.resolve("bare"));
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(REFERENCE, round -> ScaleBenchmark.bareWrite(List.of(bare.resolve("e" + round)), bytes),
                round -> ScaleBenchmark.bareRead(List.of(bare.resolve("e" + round)))));
        Map<Integer, DiskCache> caches = new LinkedHashMap<>();
        for (int level : new int[] {0, 1, 3, 19}) {
            DiskCache cache = open(dir.resolve("level" + level), level);
            caches.put(level, cache);
            variants.add(new Variant("10 MB `double[]` of a sine to 3 decimals, "
                    + (level == 0 ? "uncompressed" : "zstd level " + level), round -> {
                        cache.write(CacheKey.of(Footprint.sha256(round)), value, Duration.ZERO, true);
                        return 1;
                    }, round -> {
                        if (((double[]) cache.read(CacheKey.of(Footprint.sha256(round))).value()).length != value.length) {
                            throw new AssertionError("wrong value");
                        }
                        return 1;
                    }));
        }
        rounds(variants);
        List<Long> sizes = new ArrayList<>();
        for (DiskCache cache : caches.values()) {
            sizes.add(Files.size(cache.entryPath(CacheKey.of(Footprint.sha256(0)))));
        }
        sizes.add(0, (long) bytes.length);
        print(variants, sizes, 1e-6, "%.1f ms",
                "the same 10 MB, bare: temp write + rename, SHA-256 of the name + `Files.readAllBytes`");
    }

    private static void small(Path work) throws Exception {
        Path bare = ScaleBenchmark.levels(work.resolve("bare"));
        DiskCache plain = open(work.resolve("s1"), 0);
        DiskCache withArguments = open(work.resolve("s2"), 0);
        DiskCache compressed = open(work.resolve("s3"), 3);
        CacheKey sample = CacheKey.of(Footprint.sha256().digest(Footprint.ofArguments(-1.0)));
        plain.write(sample, 0.5, Duration.ZERO, true);
        byte[] entry = Files.readAllBytes(plain.entryPath(sample)); // what the reference writes
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(REFERENCE, round -> ScaleBenchmark.bareWrite(barePaths(bare, round), entry),
                round -> ScaleBenchmark.bareRead(barePaths(bare, round))));
        variants.add(small("a `double` of `f(double)`, uncompressed, without its arguments", plain, false));
        variants.add(small("a `double` of `f(double)`, uncompressed, with its arguments", withArguments, true));
        variants.add(small("a `double` of `f(double)`, zstd level 3, with its arguments", compressed, true));
        rounds(variants);
        List<Long> sizes = new ArrayList<>();
        sizes.add((long) entry.length);
        for (DiskCache cache : List.of(plain, withArguments, compressed)) {
            byte[] footprint = Footprint.ofArguments(SMALL * 1.0);
            sizes.add(Files.size(cache.entryPath(CacheKey.of(Footprint.sha256().digest(footprint)))));
        }
        print(variants, sizes, 1e-3, "%.1f µs", "the first entry's bytes, bare: temp write + rename into its "
                + "directory (made beforehand), SHA-256 of the name + `Files.readAllBytes`");
    }

    private static Variant small(String name, DiskCache cache, boolean withArguments) {
        return new Variant(name, round -> {
            for (int i = 0; i < SMALL; i++) {
                byte[] footprint = Footprint.ofArguments((round + 1) * SMALL + i * 1.0);
                cache.write(CacheKey.of(Footprint.sha256().digest(footprint)), i * 0.5, Duration.ZERO, true,
                        withArguments ? footprint : new byte[0]);
            }
            return SMALL;
        }, round -> {
            for (int i = 0; i < SMALL; i++) {
                byte[] footprint = Footprint.ofArguments((round + 1) * SMALL + i * 1.0);
                if (cache.read(CacheKey.of(Footprint.sha256().digest(footprint))) == null) {
                    throw new AssertionError("entry " + i + " is missing");
                }
            }
            return SMALL;
        });
    }

    private static List<Path> barePaths(Path bare, int round) {
        List<Path> paths = new ArrayList<>(SMALL);
        for (int i = 0; i < SMALL; i++) {
            paths.add(ScaleBenchmark.barePath(bare, (round + 1) * SMALL + i));
        }
        return paths;
    }

    /** Round -1 warms up; then each round writes with every variant and reads back, the order rotated. */
    private static void rounds(List<Variant> variants) throws Exception {
        Variant reference = variants.get(0);
        for (int round = -1; round < ROUNDS; round++) {
            int r = round;
            Map<Variant, double[]> writes = new LinkedHashMap<>();
            for (Variant v : Interleaved.rotated(variants, round + 1)) {
                writes.put(v, Interleaved.time(() -> v.write().run(r + 1)));
            }
            Map<Variant, double[]> reads = new LinkedHashMap<>();
            for (Variant v : Interleaved.rotated(variants, round + 2)) {
                reads.put(v, Interleaved.time(() -> v.read().run(r + 1)));
            }
            if (round >= 0) {
                for (Variant v : variants) {
                    v.writes().add(writes.get(reference), writes.get(v));
                    v.reads().add(reads.get(reference), reads.get(v));
                }
            }
        }
    }

    private static void print(List<Variant> variants, List<Long> sizes, double scale, String format, String reference) {
        for (int i = 0; i < variants.size(); i++) {
            Variant v = variants.get(i);
            boolean self = v.name().equals(REFERENCE);
            System.out.printf(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s |%n", self ? reference : v.name(),
                    sizes.get(i), Interleaved.spread(v.writes().ours(0), scale, format),
                    self ? "" : Interleaved.spread(v.writes().ratios(0), 1, "%.2f×"),
                    Interleaved.spread(v.reads().ours(0), scale, format),
                    self ? "" : Interleaved.spread(v.reads().ratios(0), 1, "%.2f×"));
        }
    }
}
