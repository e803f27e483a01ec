package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The single-process costs of the cache, each next to the bare file-system work it cannot
 * avoid. Prints a Markdown table. Not a test: numbers depend on the machine.
 */
public final class CacheBenchmark {

    private static final int ENTRIES = 10_000;
    private static final int ROUNDS = 5;

    private CacheBenchmark() {
    }

    static int trivial(int x) {
        return x;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-bench");
        try {
            run(work);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static void run(Path work) throws Exception {
        double[] miss = new double[ROUNDS];
        double[] bareWrite = new double[ROUNDS];
        double[] hit = new double[ROUNDS];
        double[] bareRead = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) { // round -1 warms up the JIT
            Path dir = work.resolve("round" + (round + 1));
            MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CacheBenchmark::trivial).path(dir).build();
            long t0 = System.nanoTime();
            for (int i = 0; i < ENTRIES; i++) {
                f.apply(i);
            }
            long t1 = System.nanoTime();
            List<Path> entries = ScaleBenchmark.entryFiles(f.cacheDir());
            long t2 = System.nanoTime();
            for (int i = 0; i < ENTRIES; i++) {
                if (f.apply(i) != i) {
                    throw new AssertionError("wrong value for " + i);
                }
            }
            long t3 = System.nanoTime();
            long readNanos = ScaleBenchmark.bareRead(entries);
            List<Path> targets = new ArrayList<>();
            for (Path entry : entries) {
                Path target = work.resolve("bare" + (round + 1)).resolve(f.cacheDir().relativize(entry));
                Files.createDirectories(target.getParent());
                targets.add(target);
            }
            long writeNanos = ScaleBenchmark.bareWrite(targets, Files.readAllBytes(entries.get(0)));
            if (round >= 0) {
                miss[round] = (t1 - t0) / (double) ENTRIES;
                hit[round] = (t3 - t2) / (double) ENTRIES;
                bareRead[round] = readNanos / (double) ENTRIES;
                bareWrite[round] = writeNanos / (double) ENTRIES;
            }
        }
        double keyNanos = footprintAndHash();
        System.out.println("| measure (" + ENTRIES + " entries, median of " + ROUNDS + " rounds) | mppfc | bare | ratio |");
        System.out.println("|---|---:|---:|---:|");
        row("cache hit: `apply` vs SHA-256 + `Files.readAllBytes`", median(hit), median(bareRead));
        row("cache miss, trivial function: `apply` vs temp write + rename (directories made beforehand)", median(miss), median(bareWrite));
        System.out.printf("| footprint + SHA-256 of `(double, Map<String,Double> of 3, List<Integer> of 10)` | %.2f µs | | |%n",
                keyNanos / 1000);
    }

    private static void row(String what, double mppfc, double bare) {
        System.out.printf("| %s | %.2f µs | %.2f µs | %.2f× |%n", what, mppfc / 1000, bare / 1000, mppfc / bare);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double footprintAndHash() {
        Map<String, Double> params = Map.of("alpha", 0.5, "beta", 1.5, "gamma", 2.5);
        List<Integer> grid = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        int n = 200_000;
        long sink = 0;
        long start = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += Footprint.sha256().digest(Footprint.ofArguments((double) i, params, grid))[0];
            }
        }
        long took = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return took / (double) n;
    }
}
