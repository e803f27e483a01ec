package io.mppfc.examples.bench;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Why at most 4096 entry directories: a lookup (lstat and read of a 49-byte file; an lstat of a
 * missing name) in one directory holding 1,000 to 262,144 files. The original's author measured
 * ext4 slowing beyond 2^14 entries per directory; this measures it here. The directories exist
 * side by side and are measured round after round, the order rotated, each size's time taken
 * over the 1,000-file directory's of the same round ({@link Interleaved}). Prints a Markdown
 * table. Not a test: numbers depend on the machine and the file system.
 */
public final class DirectorySizeBenchmark {

    private static final int LOOKUPS = 20_000;
    private static final int ROUNDS = 7;
    private static final int[] SIZES = {1_000, 16_384, 65_536, 262_144};

    private DirectorySizeBenchmark() {
    }

    /**
     * Prints the table.
     *
     * @param args none
     * @throws Exception if a file cannot be made or read
     */
    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("mppfc-dirsize");
        try {
            Map<Integer, String[]> dirs = new LinkedHashMap<>();
            for (int n : SIZES) {
                dirs.put(n, fill(root.resolve("d" + n), n));
            }
            Map<Integer, Interleaved> hits = new LinkedHashMap<>();
            Map<Integer, Interleaved> misses = new LinkedHashMap<>();
            for (int n : SIZES) {
                hits.put(n, new Interleaved("hit in " + n));
                misses.put(n, new Interleaved("miss in " + n));
            }
            List<Integer> sizes = new ArrayList<>(dirs.keySet());
            for (int round = -1; round < ROUNDS; round++) { // round -1 warms up the JIT and the caches
                Map<Integer, double[]> hit = new LinkedHashMap<>();
                Map<Integer, double[]> miss = new LinkedHashMap<>();
                for (int n : Interleaved.rotated(sizes, round + 1)) {
                    Path dir = root.resolve("d" + n);
                    Random random = new Random(round * 31L + n);
                    String[] names = dirs.get(n);
                    hit.put(n, Interleaved.time(() -> hits(dir, names, random)));
                    miss.put(n, Interleaved.time(() -> misses(dir)));
                }
                if (round >= 0) {
                    for (int n : SIZES) {
                        hits.get(n).add(hit.get(SIZES[0]), hit.get(n));
                        misses.get(n).add(miss.get(SIZES[0]), miss.get(n));
                    }
                }
            }
            System.out.println(LOOKUPS + " lookups per run; " + ROUNDS + " rounds, the directories' order rotated; "
                    + "each ratio is over the 1,000-file directory's time in the same round.");
            System.out.println();
            System.out.println("| files in one directory | hit: lstat + read, µs (min / median / max) | ratio to 1,000 files "
                    + "| miss: lstat, µs (min / median / max) | ratio to 1,000 files |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int n : SIZES) {
                Interleaved h = hits.get(n);
                Interleaved m = misses.get(n);
                System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s |%n", n, Interleaved.spread(h.ours(0), 1e-3,
                        "%.1f"), Interleaved.spread(h.ratios(0), 1, "%.2f×"), Interleaved.spread(m.ours(0), 1e-3,
                        "%.1f"), Interleaved.spread(m.ratios(0), 1, "%.2f×"));
            }
        } finally {
            CacheBenchmarkFiles.deleteTree(root);
        }
    }

    private static String[] fill(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        byte[] content = new byte[49];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = String.format("%064x", i * 2654435761L);
            Files.write(dir.resolve(names[i]), content);
        }
        return names;
    }

    private static int hits(Path dir, String[] names, Random random) throws Exception {
        for (int i = 0; i < LOOKUPS; i++) {
            Path p = dir.resolve(names[random.nextInt(names.length)]);
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.readAllBytes(p);
        }
        return LOOKUPS;
    }

    private static int misses(Path dir) throws Exception {
        for (int i = 0; i < LOOKUPS; i++) {
            try {
                Files.readAttributes(dir.resolve("absent" + i), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException expected) {
                // a miss
            }
        }
        return LOOKUPS;
    }
}
