package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The in-process miss of a trivial {@code int} function as a cache grows to 10k, 100k and 1M
 * entries, next to its reference, the bare temp write + rename of the same bytes into the same
 * 4096 level directories (made beforehand), and next to the gated floor: the same write after the
 * two looks no cache with mppfc's guarantees can skip ({@link #gatedWrite}). {@link #CHUNKS} runs
 * of each per size, each a chunk of the entries, the order rotated ({@link Interleaved}), so that
 * all fill their directories alike and the machine's drift weighs on all. What {@code scripts/bench misses}
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
                + "bytes into the same 4096 level directories (made beforehand) and next to the gated floor (that write "
                + "after an `access` of the entry and an `lstat` of its level directory), the order rotated; ratios run by run; "
                + "CPU is this thread's; temp directory " + System.getProperty("java.io.tmpdir") + ".");
        System.out.println();
        Interleaved.header();
        for (int n : sizes) {
            Path work = Files.createTempDirectory("mppfc-misses");
            try {
                measure(n, work).forEach(Interleaved::row);
            } finally {
                CacheBenchmarkFiles.deleteTree(work);
            }
        }
    }

    /** The rows of one size: ours against the bare write, ours against the gated floor, the gated floor against the bare write. */
    private static List<Interleaved> measure(int n, Path work) throws Exception {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(MissScaleBenchmark::trivial)
                .path(work.resolve("cache")).build();
        try {
            for (int i = 0; i < WARM_ENTRIES; i++) {
                f.apply(-1 - i);
            }
            Path bare = ScaleBenchmark.levels(work.resolve("bare").resolve(f.cacheDir().getFileName()));
            Path gated = ScaleBenchmark.levels(work.resolve("gated").resolve(f.cacheDir().getFileName()));
            byte[] entryBytes = Files.readAllBytes(ScaleBenchmark.entryFiles(f.cacheDir()).get(0));
            String size = String.format(Locale.ROOT, "%,d entries", n);
            Interleaved miss = new Interleaved("miss, " + size + ": `apply` / bare temp write + rename");
            Interleaved overFloor = new Interleaved("miss, " + size + ": `apply` / the gated floor");
            Interleaved floor = new Interleaved("the gated floor, " + size + ": / bare temp write + rename");
            int chunk = Math.max(1, n / CHUNKS);
            int turn = 0;
            // a first chunk of keys past n warms up the three arms' code as they run here, and is not recorded
            for (int from = -chunk; from < n; from += chunk) {
                boolean record = from >= 0;
                int first = record ? from : n;
                int to = record ? Math.min(n, from + chunk) : n + chunk;
                List<Path> bareTargets = ScaleBenchmark.barePaths(bare, first, to);
                List<Path> gatedTargets = ScaleBenchmark.barePaths(gated, first, to);
                List<Callable<Integer>> arms = List.of(() -> ScaleBenchmark.bareWrite(bareTargets, entryBytes),
                        () -> gatedWrite(gatedTargets, entryBytes), () -> misses(f, first, to));
                double[][] t = new double[3][];
                for (Callable<Integer> arm : Interleaved.rotated(arms, turn++)) {
                    t[arms.indexOf(arm)] = Interleaved.time(arm);
                }
                if (record) {
                    miss.add(t[0], t[2]);
                    overFloor.add(t[1], t[2]);
                    floor.add(t[0], t[1]);
                }
            }
            return List.of(miss, overFloor, floor);
        } finally {
            f.close();
        }
    }

    /**
     * The bare write with the two looks a cache that keeps mppfc's guarantees cannot skip on
     * JDK 17: whether the entry is there ({@code access}, before the value is computed) and
     * whether its level directory is a real one ({@code lstat}, never written through a link).
     */
    static int gatedWrite(List<Path> targets, byte[] content) throws IOException {
        for (Path target : targets) {
            if (Files.exists(target)) {
                throw new IllegalStateException("a new key is there: " + target);
            }
            PosixFileAttributes level = Files.readAttributes(target.getParent(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!level.isDirectory()) {
                throw new IllegalStateException("not a real directory: " + target.getParent());
            }
            Path temp = target.resolveSibling(".tmp-" + target.getFileName());
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return targets.size();
    }

    private static int misses(MultiProcCachedFunction1<Integer, Integer> f, int from, int to) {
        for (int i = from; i < to; i++) {
            f.apply(i);
        }
        return to - from;
    }
}
