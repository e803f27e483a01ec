package io.mppfc.examples.bench;

import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a process that did not write a journal pays at open to index it: one pass over every
 * published record, each checked against its CRC32C, with the journal in the page cache (the
 * common case: just written, or read before).
 */
final class IndexBuild {

    private IndexBuild() {
    }

    static void print(Path work, byte[] template, int runs) throws Exception {
        System.out.println("| records in the journal | journal MiB | open + index, ms (min / median / max) "
                + "| CPU ms (min / median / max) | per record, µs (median) | index heap, B per record |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            Path file = work.resolve("index-" + n + ".journal");
            try (JournalWriter writer = new JournalWriter(file, 256, TimeUnit.MILLISECONDS.toNanos(5), 1 << 20)) {
                for (int i = 0; i < n; i++) {
                    byte[] key = Footprint.sha256(i);
                    writer.append(key, JournalBenchmark.entry(template, key));
                }
            }
            double[] wall = new double[runs];
            double[] cpu = new double[runs];
            for (int r = 0; r < runs; r++) {
                double[] t = Interleaved.time(() -> {
                    try (JournalReader reader = JournalReader.open(file, null)) {
                        if (reader.size() != n) {
                            throw new IllegalStateException("indexed " + reader.size() + " of " + n);
                        }
                    }
                    return 1;
                });
                wall[r] = t[0];
                cpu[r] = t[1];
            }
            int slots = Integer.highestOneBit(Math.max(1024, 2 * n - 1)) * 2; // the table's size after its growth
            System.out.printf(Locale.ROOT, "| %,d | %.1f | %s | %s | %.2f | %.0f |%n", n, Files.size(file) / 1048576.0,
                    Interleaved.spread(wall, 1e-6, "%.1f"), Interleaved.spread(cpu, 1e-6, "%.1f"),
                    Interleaved.median(wall) / 1000 / n, slots * 16.0 / n);
            Files.delete(file);
        }
    }
}
