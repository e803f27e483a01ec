package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import io.mppfc.footprint.Footprint;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The store at scale: a trivial {@code double} function with 10k, 100k and 1M entries, each cost
 * next to the bare file-system work it cannot avoid, loose and packed, in {@link #CHUNKS} pairs of
 * runs with the order rotated ({@link Interleaved}). Prints a Markdown table.
 * Not a test: numbers depend on the machine. Arguments: the entry counts (default 10000 100000
 * 1000000).
 */
public final class ScaleBenchmark {

    /** Pairs of runs per measure and entry count: each a chunk of the entries. */
    private static final int CHUNKS = 20;
    /** Misses on other keys first: they warm the JIT and make the entry directories, as the reference's are made. */
    private static final int WARM_ENTRIES = 20_000;
    /** The fewest reads a run of hits makes. */
    private static final int HIT_READS = 20_000;

    private ScaleBenchmark() {
    }

    static double trivial(int x) {
        return x * 0.5;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"10000", "100000", "1000000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<Integer> done = new ArrayList<>();
        for (int n : sizes) {
            Path work = Files.createTempDirectory("mppfc-scale");
            try {
                measure(n, work, rows);
            } finally {
                CacheBenchmarkFiles.deleteTree(work);
            }
            done.add(n);
            print(done, rows, done.size() < sizes.size()); // a long run is not lost to a later size's failure
        }
    }

    private static void print(List<Integer> sizes, Map<String, List<String>> rows, boolean partial) {
        if (partial) {
            System.out.println("The table so far (printed again, whole, after the next size):");
            System.out.println();
        }
        StringBuilder header = new StringBuilder("| measure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int n : sizes) {
            header.append(String.format(Locale.ROOT, " %,d entries |", n));
            rule.append("---:|");
        }
        System.out.println(header);
        System.out.println(rule);
        rows.forEach((what, cells) -> System.out.println("| " + what + " | " + String.join(" | ", cells) + " |"));
        System.out.println();
    }

    private static void measure(int n, Path work, Map<String, List<String>> rows) throws Exception {
        Path root = work.resolve("cache");
        MultiProcCachedFunction1<Integer, Double> f = Mppfc.cache(ScaleBenchmark::trivial).path(root).build();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < WARM_ENTRIES; i++) {
                f.apply(-1 - i); // warms up the JIT (misses, then hits) and makes the entry directories
            }
        }
        // ours and the bare reference (the same number of files of the same bytes, in the same
        // directories, made beforehand) alternate in chunks, the order rotated, each chunk a pair
        // of runs, so that the disk's drift (this kind of virtual disk varies threefold between
        // runs) weighs on both alike
        Path bareFunction = levels(work.resolve("bare").resolve(f.cacheDir().getFileName()));
        byte[] entryBytes = Files.readAllBytes(entryFiles(f.cacheDir()).get(0));
        int chunk = Math.max(1, n / CHUNKS);
        Interleaved miss = new Interleaved("miss");
        for (int from = 0; from < n; from += chunk) {
            int first = from;
            int to = Math.min(n, from + chunk);
            List<Path> targets = barePaths(bareFunction, first, to);
            miss.pair(() -> bareWrite(targets, entryBytes), () -> misses(f, first, to), true);
        }
        Interleaved hit = new Interleaved("loose hit");
        for (int from = 0; from < n; from += chunk) {
            int first = from;
            int to = Math.min(n, from + chunk);
            List<Path> targets = barePaths(bareFunction, first, to);
            hit.pair(() -> repeated(() -> bareRead(targets)), () -> repeated(() -> hits(f, first, to)), true);
        }
        CacheInventory.FunctionSummary loose = CacheInventory.summarize(f.cacheDir());
        long looseInodes = inodes(f.cacheDir());
        double status = seconds(() -> CacheInventory.summarize(f.cacheDir()));
        double verify = seconds(() -> CacheInventory.verify(f.cacheDir()));
        double pack = seconds(() -> CacheInventory.pack(root, null));
        Interleaved packedHit = new Interleaved("packed hit");
        for (int from = 0; from < n; from += chunk) {
            int first = from;
            int to = Math.min(n, from + chunk);
            List<Path> targets = barePaths(bareFunction, first, to);
            packedHit.pair(() -> repeated(() -> bareRead(targets)), () -> repeated(() -> hits(f, first, to)), true);
        }
        CacheInventory.FunctionSummary packed = CacheInventory.summarize(f.cacheDir());
        double packedStatus = seconds(() -> CacheInventory.summarize(f.cacheDir()));
        double packedVerify = seconds(() -> CacheInventory.verify(f.cacheDir()));
        double gc = seconds(() -> CacheInventory.collect(root, -1, null));
        int total = n + WARM_ENTRIES;
        add(rows, "miss per entry: `apply` / bare temp write + rename, medians (wall ratio pair by pair: min / median / max; CPU ratio median)",
                miss.cell());
        add(rows, "hit per call, loose: `apply` / bare SHA-256 of the name + read of the file", hit.cell());
        add(rows, "hit per call, packed: `apply` / the same bare read of a loose file", packedHit.cell());
        add(rows, "on disk per entry, loose / packed (bytes of entries: " + loose.bytes() / total + " each)",
                String.format(Locale.ROOT, "%,d / %,d B", loose.diskBytes() / total, packed.diskBytes() / total));
        add(rows, "inodes per entry, loose / packed", String.format(Locale.ROOT, "%.3f / %.5f",
                looseInodes / (double) total, inodes(f.cacheDir()) / (double) total));
        add(rows, "status / verify, loose (one run each)", String.format(Locale.ROOT, "%.2f / %.2f s", status, verify));
        add(rows, "pack (one run)", String.format(Locale.ROOT, "%.2f s", pack));
        add(rows, "status / verify / gc, packed (one run each)", String.format(Locale.ROOT, "%.2f / %.2f / %.2f s",
                packedStatus, packedVerify, gc));
    }

    /**
     * A run of hits read {@link #HIT_READS} times at least, its chunk over and over: a run of a few
     * milliseconds is at the mercy of one preemption on a loaded machine.
     */
    private static int repeated(java.util.concurrent.Callable<Integer> chunk) throws Exception {
        int reads = 0;
        do {
            reads += chunk.call();
        } while (reads < HIT_READS);
        return reads;
    }

    static List<Path> barePaths(Path bareFunction, int from, int to) {
        List<Path> paths = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            paths.add(barePath(bareFunction, i));
        }
        return paths;
    }

    /** {@code dir} with the 4096 level directories a cache's entries go into, made (not timed). */
    static Path levels(Path dir) throws IOException {
        for (int d = 0; d < 4096; d++) {
            Files.createDirectories(dir.resolve(String.format("%03x", d)));
        }
        return dir;
    }

    private static void add(Map<String, List<String>> rows, String what, String cell) {
        rows.computeIfAbsent(what, w -> new ArrayList<>()).add(cell);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static int misses(MultiProcCachedFunction1<Integer, Double> f, int from, int to) {
        for (int i = from; i < to; i++) {
            f.apply(i);
        }
        return to - from;
    }

    private static int hits(MultiProcCachedFunction1<Integer, Double> f, int from, int to) {
        for (int i = from; i < to; i++) {
            if (f.apply(i) != i * 0.5) {
                throw new AssertionError("wrong value for " + i);
            }
        }
        return to - from;
    }

    /** Where the bare reference puts its file number i: the same structure as the cache's (a key's first 3 hex digits). */
    static Path barePath(Path bareFunction, int i) {
        String key = HexFormat.of().formatHex(Footprint.sha256(i));
        return bareFunction.resolve(key.substring(0, 3)).resolve(key);
    }

    static List<Path> entryFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList();
        }
    }

    private static long inodes(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.count();
        }
    }

    /** What any disk cache must do on a hit: hash a key, read a file. Returns how many it read. */
    static int bareRead(List<Path> entries) throws Exception {
        long sink = 0;
        for (Path p : entries) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sink += sha.digest(p.getFileName().toString().getBytes())[0];
            sink += Files.readAllBytes(p).length;
        }
        if (sink == 42) {
            System.out.print("");
        }
        return entries.size();
    }

    /**
     * What any crash-safe disk cache must do on a miss: a temp file and a rename, into directories
     * made beforehand. Returns how many it wrote.
     */
    static int bareWrite(List<Path> targets, byte[] content) throws IOException {
        for (Path target : targets) {
            Path temp = target.resolveSibling(".tmp-" + target.getFileName()); // threads may share a directory
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return targets.size();
    }
}
