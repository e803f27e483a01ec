package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The single-process costs of the cache, each next to the bare file-system work it cannot
 * avoid, in runs alternated with that reference in this JVM ({@link Interleaved}). Prints the
 * machine line and a Markdown table. Not a test: numbers depend on the machine.
 */
public final class CacheBenchmark {

    private static final int ENTRIES = 2_000;
    private static final int RUNS = 7;
    /** Hits are cheap: several pairs per run of misses, read over the same files. */
    private static final int HIT_PAIRS_PER_RUN = 3;

    private CacheBenchmark() {
    }

    static int trivial(int x) {
        return x;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-bench");
        try {
            System.out.println(MachineLine.now());
            System.out.println();
            run(work);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static void run(Path work) throws Exception {
        Interleaved hit = new Interleaved("cache hit: `apply` vs SHA-256 of the path + `Files.readAllBytes`");
        Interleaved miss = new Interleaved(
                "cache miss, trivial function: `apply` vs temp write + rename (directories made beforehand)");
        List<Path> layout = null; // the entry files' paths relative to a function directory: the same every run
        byte[] content = null;
        for (int run = -1; run < RUNS; run++) { // run -1 warms up the JIT and learns where entries go
            boolean record = run >= 0;
            Path dir = work.resolve("run" + (run + 1));
            MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CacheBenchmark::trivial).path(dir).build();
            Path bare = work.resolve("bare" + (run + 1));
            if (layout == null) {
                double[] ours = Interleaved.time(() -> misses(f));
                List<Path> entries = ScaleBenchmark.entryFiles(f.cacheDir());
                layout = entries.stream().map(e -> f.cacheDir().relativize(e)).toList();
                content = Files.readAllBytes(entries.get(0));
                List<Path> targets = targets(bare, layout);
                byte[] bytes = content;
                double[] reference = Interleaved.time(() -> bareWrite(targets, bytes));
                if (record) {
                    miss.add(reference, ours);
                }
            } else {
                List<Path> targets = targets(bare, layout);
                byte[] bytes = content;
                miss.pair(() -> bareWrite(targets, bytes), () -> misses(f), record);
            }
            List<Path> entries = layout.stream().map(f.cacheDir()::resolve).toList();
            for (int pair = 0; pair < HIT_PAIRS_PER_RUN; pair++) {
                hit.pair(() -> bareRead(entries), () -> hits(f), record);
            }
            CacheBenchmarkFiles.deleteTree(dir);
            CacheBenchmarkFiles.deleteTree(bare);
        }
        System.out.println(ENTRIES + " entries of a trivial `int` function per run; each run of ours follows one of "
                + "the reference in the same JVM; ratios are taken run by run; CPU is this thread's.");
        System.out.println();
        Interleaved.header();
        hit.row();
        miss.row();
        double[] key = footprintAndHash();
        System.out.printf(Locale.ROOT,
                "| footprint + SHA-256 of `(double, Map<String,Double> of 3, List<Integer> of 10)` | %d | %s | | | %.2f | |%n",
                key.length / 2, Interleaved.spread(java.util.Arrays.copyOf(key, key.length / 2), 1e-3, "%.2f"),
                Interleaved.median(java.util.Arrays.copyOfRange(key, key.length / 2, key.length)) / 1000);
    }

    private static int misses(MultiProcCachedFunction1<Integer, Integer> f) {
        for (int i = 0; i < ENTRIES; i++) {
            f.apply(i);
        }
        return ENTRIES;
    }

    private static int hits(MultiProcCachedFunction1<Integer, Integer> f) {
        for (int i = 0; i < ENTRIES; i++) {
            if (f.apply(i) != i) {
                throw new AssertionError("wrong value for " + i);
            }
        }
        return ENTRIES;
    }

    private static int bareRead(List<Path> entries) throws Exception {
        ScaleBenchmark.bareRead(entries);
        return entries.size();
    }

    private static int bareWrite(List<Path> targets, byte[] content) throws Exception {
        ScaleBenchmark.bareWrite(targets, content);
        return targets.size();
    }

    /** Where the reference writes, its directories made beforehand (not timed). */
    private static List<Path> targets(Path bare, List<Path> layout) throws Exception {
        List<Path> targets = new ArrayList<>(layout.size());
        for (Path relative : layout) {
            Path target = bare.resolve(relative);
            Files.createDirectories(target.getParent());
            targets.add(target);
        }
        return targets;
    }

    /** Wall-clock nanoseconds per key of five runs, then their CPU nanoseconds, after a warm-up run. */
    private static double[] footprintAndHash() throws Exception {
        Map<String, Double> params = Map.of("alpha", 0.5, "beta", 1.5, "gamma", 2.5);
        List<Integer> grid = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        int n = 200_000;
        int runs = 5;
        double[] out = new double[2 * runs];
        long[] sink = new long[1];
        for (int run = -1; run < runs; run++) {
            double[] t = Interleaved.time(() -> {
                for (int i = 0; i < n; i++) {
                    sink[0] += Footprint.sha256().digest(Footprint.ofArguments((double) i, params, grid))[0];
                }
                return n;
            });
            if (run >= 0) {
                out[run] = t[0];
                out[runs + run] = t[1];
            }
        }
        if (sink[0] == 42) {
            System.out.print("");
        }
        return out;
    }
}
