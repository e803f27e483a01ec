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
 * next to the bare file-system work it cannot avoid, loose and packed. Prints a Markdown table.
 * Not a test: numbers depend on the machine. Arguments: the entry counts (default 10000 100000
 * 1000000).
 */
public final class ScaleBenchmark {

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
        for (int n : sizes) {
            Path work = Files.createTempDirectory("mppfc-scale");
            try {
                measure(n, work, rows);
            } finally {
                CacheBenchmarkFiles.deleteTree(work);
            }
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
    }

    private static void measure(int n, Path work, Map<String, List<String>> rows) throws Exception {
        Path root = work.resolve("cache");
        MultiProcCachedFunction1<Integer, Double> f = Mppfc.cache(ScaleBenchmark::trivial).path(root).build();
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < Math.min(n, 5000); i++) {
                f.apply(-1 - i); // warms up the JIT (misses, then hits) on entries outside the measured range
            }
        }
        // ours and the bare reference (the same number of files of the same size, in the same
        // directory structure, made beforehand) alternate in chunks, so that the disk's drift (this kind of
        // virtual disk varies threefold between runs) weighs on both alike
        Path bareRoot = work.resolve("bare");
        Path bareFunction = bareRoot.resolve(f.cacheDir().getFileName());
        for (int d = 0; d < 4096; d++) {
            Files.createDirectories(bareFunction.resolve(String.format("%03x", d)));
        }
        byte[] entryBytes = null;
        long missNanos = 0;
        long bareWriteNanos = 0;
        int chunk = Math.max(1, n / 20);
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            long t0 = System.nanoTime();
            for (int i = from; i < to; i++) {
                f.apply(i);
            }
            missNanos += System.nanoTime() - t0;
            List<Path> written = new ArrayList<>();
            for (int i = from; i < to; i++) {
                written.add(barePath(bareFunction, i));
            }
            if (entryBytes == null) {
                entryBytes = Files.readAllBytes(entryFiles(f.cacheDir()).get(0));
            }
            bareWriteNanos += bareWrite(written, entryBytes);
        }
        double miss = missNanos / (double) n;
        double bareWrite = bareWriteNanos / (double) n;
        long hitNanos = 0;
        long bareReadNanos = 0;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            hitNanos += hits(f, from, to);
            List<Path> read = new ArrayList<>();
            for (int i = from; i < to; i++) {
                read.add(barePath(bareFunction, i));
            }
            bareReadNanos += bareRead(read);
        }
        double hit = hitNanos / (double) n;
        double bareRead = bareReadNanos / (double) n;
        CacheInventory.FunctionSummary loose = CacheInventory.summarize(f.cacheDir());
        long looseInodes = inodes(f.cacheDir());
        double status = seconds(() -> CacheInventory.summarize(f.cacheDir()));
        double verify = seconds(() -> CacheInventory.verify(f.cacheDir()));
        double pack = seconds(() -> CacheInventory.pack(root, null));
        double packedHit = hits(f, 0, n) / (double) n;
        CacheInventory.FunctionSummary packed = CacheInventory.summarize(f.cacheDir());
        double packedStatus = seconds(() -> CacheInventory.summarize(f.cacheDir()));
        double packedVerify = seconds(() -> CacheInventory.verify(f.cacheDir()));
        double gc = seconds(() -> CacheInventory.collect(root, -1, null));
        int total = n + Math.min(n, 5000);
        add(rows, "miss per entry: `apply` / bare temp write + rename (directories made beforehand)",
                String.format(Locale.ROOT, "%.1f / %.1f µs (%.2f×)", miss / 1000, bareWrite / 1000, miss / bareWrite));
        add(rows, "hit per call, loose: `apply` / bare SHA-256 + read of the file",
                String.format(Locale.ROOT, "%.1f / %.1f µs (%.2f×)", hit / 1000, bareRead / 1000, hit / bareRead));
        add(rows, "hit per call, packed: `apply` (vs the bare file read)",
                String.format(Locale.ROOT, "%.1f µs (%.2f×)", packedHit / 1000, packedHit / bareRead));
        add(rows, "on disk per entry, loose / packed (bytes of entries: " + loose.bytes() / total + " each)",
                String.format(Locale.ROOT, "%,d / %,d B", loose.diskBytes() / total, packed.diskBytes() / total));
        add(rows, "inodes per entry, loose / packed", String.format(Locale.ROOT, "%.3f / %.5f",
                looseInodes / (double) total, inodes(f.cacheDir()) / (double) total));
        add(rows, "status / verify, loose", String.format(Locale.ROOT, "%.2f / %.2f s", status, verify));
        add(rows, "pack", String.format(Locale.ROOT, "%.2f s", pack));
        add(rows, "status / verify / gc, packed", String.format(Locale.ROOT, "%.2f / %.2f / %.2f s", packedStatus,
                packedVerify, gc));
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

    private static long hits(MultiProcCachedFunction1<Integer, Double> f, int from, int to) {
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            if (f.apply(i) != i * 0.5) {
                throw new AssertionError("wrong value for " + i);
            }
        }
        return System.nanoTime() - start;
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

    /** What any disk cache must do on a hit: hash a key, read a file. */
    static long bareRead(List<Path> entries) throws Exception {
        long start = System.nanoTime();
        long sink = 0;
        for (Path p : entries) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sink += sha.digest(p.getFileName().toString().getBytes())[0];
            sink += Files.readAllBytes(p).length;
        }
        long took = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return took;
    }

    /** What any crash-safe disk cache must do on a miss: a temp file and a rename, into directories made beforehand. */
    static long bareWrite(List<Path> targets, byte[] content) throws IOException {
        long start = System.nanoTime();
        for (Path target : targets) {
            Path temp = target.resolveSibling(".tmp-" + target.getFileName()); // threads may share a directory
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return System.nanoTime() - start;
    }
}
