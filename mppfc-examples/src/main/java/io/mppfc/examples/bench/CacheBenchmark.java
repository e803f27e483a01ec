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
import java.util.concurrent.Callable;

/**
 * The single-process costs of the cache, each next to the bare file-system work it cannot
 * avoid, in runs alternated with that reference in this JVM, the order rotated ({@link
 * Interleaved}). Each run misses and then hits {@link #ENTRIES} new keys of one cache, whose
 * entry directories a warm-up made first, as the reference's are (a cache past its first few
 * thousand entries). Two references, each the bare work: the same number of files of the same
 * bytes written (a temp file renamed) and read back (the name hashed, the file read), once in
 * the same 4096 directories as ours (made beforehand, not timed) and once in one directory, so
 * that the layout we chose is not hidden in the reference. Prints a Markdown table. Not a test:
 * numbers depend on the machine.
 */
public final class CacheBenchmark {

    private static final int ENTRIES = 2_000;
    private static final int RUNS = 7;
    /** Misses on other keys first: they make (almost all of) the 4096 entry directories and warm the JIT. */
    private static final int WARM_ENTRIES = 20_000;
    /** Hits are cheap: several pairs per run of misses, read over the same files. */
    private static final int HIT_PAIRS_PER_RUN = 3;
    /** Times each hit run reads its entries. */
    private static final int HIT_PASSES = 5;

    private CacheBenchmark() {
    }

    static int trivial(int x) {
        return x;
    }

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception if a measure fails
     */
    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-bench");
        try {
            run(work);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static void run(Path work) throws Exception {
        Interleaved hit = new Interleaved("cache hit: `apply` vs SHA-256 of the name + `Files.readAllBytes`, "
                + "files in 4096 directories as ours");
        Interleaved hitFlat = new Interleaved("cache hit: `apply` vs the same read, files in one directory");
        Interleaved miss = new Interleaved("cache miss, trivial function: `apply` vs temp write + rename into 4096 "
                + "directories as ours (made beforehand, for both)");
        Interleaved missFlat = new Interleaved("cache miss: `apply` vs the same write into one directory");
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CacheBenchmark::trivial).path(work.resolve("cache"))
                .build();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < WARM_ENTRIES; i++) {
                f.apply(-1 - i);
            }
        }
        byte[] content = Files.readAllBytes(ScaleBenchmark.entryFiles(f.cacheDir()).get(0));
        Path bare = ScaleBenchmark.levels(work.resolve("bare").resolve(f.cacheDir().getFileName()));
        Path flat = Files.createDirectories(work.resolve("flat"));
        for (int run = -1; run < RUNS; run++) { // run -1 warms up the JIT on these very paths
            boolean record = run >= 0;
            int from = (run + 1) * ENTRIES;
            List<Path> targets = new ArrayList<>(ENTRIES);
            List<Path> flatTargets = new ArrayList<>(ENTRIES);
            for (int i = from; i < from + ENTRIES; i++) {
                targets.add(ScaleBenchmark.barePath(bare, i));
                flatTargets.add(flat.resolve(targets.get(targets.size() - 1).getFileName()));
            }
            double[][] t = three(run, () -> ScaleBenchmark.bareWrite(targets, content),
                    () -> ScaleBenchmark.bareWrite(flatTargets, content), () -> misses(f, from));
            if (record) {
                miss.add(t[0], t[2]);
                missFlat.add(t[1], t[2]);
            }
            for (int pair = 0; pair < HIT_PAIRS_PER_RUN; pair++) {
                t = three(run * HIT_PAIRS_PER_RUN + pair, () -> passes(() -> ScaleBenchmark.bareRead(targets)),
                        () -> passes(() -> ScaleBenchmark.bareRead(flatTargets)), () -> passes(() -> hits(f, from)));
                if (record) {
                    hit.add(t[0], t[2]);
                    hitFlat.add(t[1], t[2]);
                }
            }
        }
        System.out.println(ENTRIES + " new keys of a trivial `int` function per run, in a cache of " + WARM_ENTRIES
                + " entries made first; each run of ours is timed with one of each reference in the same JVM, "
                + "the order rotated; ratios are taken run by run; CPU is this thread's.");
        System.out.println();
        Interleaved.header();
        hit.row();
        hitFlat.row();
        miss.row();
        missFlat.row();
        double[] key = footprintAndHash();
        System.out.printf(Locale.ROOT,
                "| footprint + SHA-256 of `(double, Map<String,Double> of 3, List<Integer> of 10)` | %d | %s | | | %.2f | |%n",
                key.length / 2, Interleaved.spread(java.util.Arrays.copyOf(key, key.length / 2), 1e-3, "%.2f"),
                Interleaved.median(java.util.Arrays.copyOfRange(key, key.length / 2, key.length)) / 1000);
    }

    /** Times the two references and ours, in an order rotated by {@code turn}: {reference, flat, ours}. */
    private static double[][] three(int turn, Callable<Integer> reference, Callable<Integer> flat,
            Callable<Integer> ours) throws Exception {
        List<Callable<Integer>> arms = List.of(reference, flat, ours);
        double[][] t = new double[3][];
        for (Callable<Integer> arm : Interleaved.rotated(arms, turn + 3)) {
            t[arms.indexOf(arm)] = Interleaved.time(arm);
        }
        return t;
    }

    /** A run of hits reads its entries {@link #HIT_PASSES} times: a run of a few milliseconds is at the mercy of one preemption. */
    private static int passes(Callable<Integer> pass) throws Exception {
        int reads = 0;
        for (int i = 0; i < HIT_PASSES; i++) {
            reads += pass.call();
        }
        return reads;
    }

    private static int misses(MultiProcCachedFunction1<Integer, Integer> f, int from) {
        for (int i = from; i < from + ENTRIES; i++) {
            f.apply(i);
        }
        return ENTRIES;
    }

    private static int hits(MultiProcCachedFunction1<Integer, Integer> f, int from) {
        for (int i = from; i < from + ENTRIES; i++) {
            if (f.apply(i) != i) {
                throw new AssertionError("wrong value for " + i);
            }
        }
        return ENTRIES;
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
