package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The in-process miss of a trivial {@code int} function as a cache grows to 10k, 100k and 1M
 * entries, next to its reference, the bare temp write + rename of the same bytes into the same
 * 4096 level directories (made beforehand): {@link #CHUNKS} pairs of runs per size, each a chunk
 * of the entries, the order rotated ({@link Interleaved}), so that both sides fill their
 * directories alike and the machine's drift weighs on both. What {@code scripts/bench misses}
 * runs; {@link ScaleBenchmark} measures the same misses among hits, packing and maintenance, which
 * takes far longer at 1M. The cache and the reference are in {@code java.io.tmpdir}: tmpfs shows
 * the library's own work, a disk the file system's. Prints a Markdown table. Not a test: numbers
 * depend on the machine. Arguments: the entry counts (default 10000 100000 1000000).
 */
public final class MissScaleBenchmark {

    /** Pairs of runs per size: each a chunk of its entries. */
    private static final int CHUNKS = 20;
    /** Misses on other keys first: they warm the JIT and make the level directories, as the reference's are made. */
    private static final int WARM_ENTRIES = 20_000;

    private MissScaleBenchmark() {
    }

    static int trivial(int x) {
        return x;
    }

    /**
     * Prints the table.
     *
     * @param args the entry counts
     * @throws Exception if a measure fails
     */
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args.length == 0 ? new String[] {"10000", "100000", "1000000"} : args) {
            sizes.add(Integer.parseInt(a));
        }
        System.out.println("Misses of a trivial `int` function in a cache growing to each size (after " + WARM_ENTRIES
                + " others), in " + CHUNKS + " chunks, each timed next to the bare temp write + rename of the same "
                + "bytes into the same 4096 level directories (made beforehand), the order rotated; ratios run by run; "
                + "CPU is this thread's; temp directory " + System.getProperty("java.io.tmpdir") + ".");
        System.out.println();
        Interleaved.header();
        for (int n : sizes) {
            Path work = Files.createTempDirectory("mppfc-misses");
            try {
                measure(n, work).row();
            } finally {
                CacheBenchmarkFiles.deleteTree(work);
            }
        }
    }

    private static Interleaved measure(int n, Path work) throws Exception {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(MissScaleBenchmark::trivial)
                .path(work.resolve("cache")).build();
        try {
            for (int i = 0; i < WARM_ENTRIES; i++) {
                f.apply(-1 - i);
            }
            Path bare = ScaleBenchmark.levels(work.resolve("bare").resolve(f.cacheDir().getFileName()));
            byte[] entryBytes = Files.readAllBytes(ScaleBenchmark.entryFiles(f.cacheDir()).get(0));
            Interleaved miss = new Interleaved(String.format(Locale.ROOT, "miss, %,d entries: `apply` / bare temp "
                    + "write + rename", n));
            int chunk = Math.max(1, n / CHUNKS);
            for (int from = 0; from < n; from += chunk) {
                int first = from;
                int to = Math.min(n, from + chunk);
                List<Path> targets = ScaleBenchmark.barePaths(bare, first, to);
                miss.pair(() -> ScaleBenchmark.bareWrite(targets, entryBytes), () -> misses(f, first, to), true);
            }
            return miss;
        } finally {
            f.close();
        }
    }

    private static int misses(MultiProcCachedFunction1<Integer, Integer> f, int from, int to) {
        for (int i = from; i < to; i++) {
            f.apply(i);
        }
        return to - from;
    }
}
