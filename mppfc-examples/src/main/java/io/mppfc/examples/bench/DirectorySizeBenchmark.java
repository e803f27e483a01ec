package io.mppfc.examples.bench;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Random;

/**
 * Why at most 4096 entry directories: a lookup (lstat and read of a 49-byte file; an lstat of a
 * missing name) in one directory holding 1,000 to 262,144 files. The original's author measured
 * ext4 slowing beyond 2^14 entries per directory; this measures it here. Prints a Markdown
 * table. Not a test: numbers depend on the machine and the file system.
 */
public final class DirectorySizeBenchmark {

    private static final int LOOKUPS = 20_000;

    private DirectorySizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("mppfc-dirsize");
        try {
            System.out.println("| files in one directory | hit: lstat + read | miss: lstat |");
            System.out.println("|---:|---:|---:|");
            for (int n : new int[] {1_000, 16_384, 65_536, 262_144}) {
                measure(root.resolve("d" + n), n);
            }
        } finally {
            CacheBenchmarkFiles.deleteTree(root);
        }
    }

    private static void measure(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        byte[] content = new byte[49];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = String.format("%064x", i * 2654435761L);
            Files.write(dir.resolve(names[i]), content);
        }
        Random random = new Random(n);
        double hit = Double.MAX_VALUE;
        double miss = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                Path p = dir.resolve(names[random.nextInt(n)]);
                Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Files.readAllBytes(p);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                try {
                    Files.readAttributes(dir.resolve("absent" + i), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException expected) {
                    // a miss
                }
            }
            long t2 = System.nanoTime();
            hit = Math.min(hit, (t1 - t0) / 1e3 / LOOKUPS);
            miss = Math.min(miss, (t2 - t1) / 1e3 / LOOKUPS);
        }
        System.out.printf(Locale.ROOT, "| %,d | %.1f µs | %.1f µs |%n", n, hit, miss);
        CacheBenchmarkFiles.deleteTree(dir);
    }
}
