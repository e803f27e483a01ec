package io.mppfc.examples.bench;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryBatch;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Misses and hits of small entries three ways (issue 31 #5), run by run in the same JVM, in a
 * rotating order: (a) the bare floor of a file per entry, a temp file renamed into 4096 level
 * directories made beforehand; (b) today's {@link DiskCache#write}; (c) an append-only journal
 * per writing process ({@link JournalWriter}), published every 256 records or 5 ms, and (c1)
 * published after every record; (d) {@link EntryBatch}es of 8 new entries (a worker's reporter
 * stores up to 8 results at once) and (d64) of 64, each published as one batch pack. Then hits: (a') a loose file read by path, (b') {@link
 * DiskCache#read}, (d') {@link DiskCache#read} of entries in batch packs, (c') a lookup in the index another process builds from the journal; what
 * building that index costs at open; what a reader's miss costs to find entries published since;
 * and the crash check ({@link JournalCrashCheck}). Values are 100-byte arrays; (a) and (c) write
 * the very bytes mppfc's entry format gives them (the key patched into a real entry, its CRC32C
 * computed again), (b) encodes them itself. Arguments: RUNS (default 5), then entry counts
 * (default 10000 100000). Prints Markdown.
 */
public final class JournalBenchmark {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final int KILLS = 20;

    private JournalBenchmark() {
    }

    /** Runs every measure and prints the tables; arguments as in the class comment. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        Path work = Files.createTempDirectory("mppfc-journal");
        try {
            byte[] template = template(work.resolve("template"));
            System.out.println("Entry: " + template.length + " bytes (a 100-byte value in mppfc's entry format); a journal "
                    + "record adds " + JournalFile.RECORD_HEAD + ".");
            System.out.println();
            measure(work, template, 2, 5_000, false); // warms the JIT on every path
            JournalTable.header();
            for (int n : sizes) {
                measure(work, template, runs, n, true);
            }
            System.out.println();
            IndexBuild.print(work, template, runs);
            System.out.println();
            JournalCrashCheck.run(KILLS, work, System.out);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    /** A real entry of a 100-byte value, as DiskCache writes it. */
    private static byte[] template(Path dir) throws Exception {
        DiskCache cache = DiskCache.open(dir, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        CacheKey key = CacheKey.of(Footprint.sha256(-1));
        cache.write(key, value(-1), Duration.ZERO, true);
        return Files.readAllBytes(cache.entryPath(key));
    }

    static byte[] value(int i) {
        byte[] v = new byte[100];
        ByteBuffer.wrap(v).putInt(i);
        return v;
    }

    /** The template entry under another key: the key at its place in the header, the checksum computed again. */
    static byte[] entry(byte[] template, byte[] key) {
        byte[] e = template.clone();
        System.arraycopy(key, 0, e, 32, 32);
        CRC32C crc = new CRC32C();
        crc.update(e, 0, e.length - 4);
        ByteBuffer.wrap(e).putInt(e.length - 4, (int) crc.getValue());
        return e;
    }

    private static void measure(Path work, byte[] template, int runs, int n, boolean print) throws Exception {
        Map<String, JournalTable.Samples> rows = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            Path dir = Files.createDirectories(work.resolve("run-" + n + "-" + run));
            Path bare = levels(dir.resolve("bare"));
            DiskCache cache = DiskCache.open(levels(dir.resolve("diskcache")), Codecs.create(Codec.FORY, ALLOW), ALLOW,
                    false);
            DiskCache batched = DiskCache.open(dir.resolve("batched"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
            DiskCache batched64 = DiskCache.open(dir.resolve("batched64"), Codecs.create(Codec.FORY, ALLOW), ALLOW,
                    false);
            Path journal = dir.resolve("writer.journal");
            Path journalEach = dir.resolve("each.journal");
            byte[][] entries = entries(template, n); // made before the clock starts: no path's own work is in (a)
            Map<String, Callable<Integer>> misses = new LinkedHashMap<>();
            misses.put("(a) miss: bare temp write + rename", () -> bareWrites(bare, entries));
            misses.put("(b) miss: DiskCache.write", () -> cacheWrites(cache, n));
            misses.put("(d) miss: DiskCache batches of 8 (as a worker stores them), one batch pack each, folded",
                    () -> batchWrites(batched, n, 8));
            misses.put("(d64) miss: DiskCache batches of 64, one batch pack each, folded",
                    () -> batchWrites(batched64, n, 64));
            misses.put("(c) miss: journal append, published every 256 records or 5 ms",
                    () -> journalWrites(journal, entries, 256));
            misses.put("(c1) miss: journal append, published after every record",
                    () -> journalWrites(journalEach, entries, 1));
            List<String> order = new ArrayList<>(misses.keySet());
            java.util.Collections.rotate(order, run); // no path always goes first
            for (String what : order) {
                rows.computeIfAbsent(what, w -> new JournalTable.Samples()).add(Interleaved.time(misses.get(what)));
            }
            JournalReader[] reader = new JournalReader[1];
            double[] opened = Interleaved.time(() -> {
                reader[0] = JournalReader.open(journal, null);
                return reader[0].size();
            });
            try (JournalReader r = reader[0]) {
                if (r.size() != n || r.damaged() != 0) {
                    throw new IllegalStateException("the journal holds " + r.size() + " of " + n + " records");
                }
                rows.computeIfAbsent("(c') index built at open by another process, per entry",
                        w -> new JournalTable.Samples()).add(opened);
                Map<String, Callable<Integer>> hits = new LinkedHashMap<>();
                hits.put("(a') hit: SHA-256 + read of the loose file", () -> bareReads(bare, n));
                hits.put("(b') hit: DiskCache.read (decodes)", () -> cacheReads(cache, n));
                hits.put("(d') hit: DiskCache.read of a batch-packed entry (decodes)", () -> cacheReads(batched, n));
                hits.put("(c') hit: SHA-256 + index lookup + positional read + CRC32C check", () -> journalReads(r, n));
                hits.put("(a'') miss check, loose: one stat of an absent entry", () -> looseAbsent(bare, n));
                hits.put("(c'') miss check, journal: stat of the journal directory + the publication slots of 2 journals",
                        () -> journalAbsent(dir, r, n));
                List<String> hitOrder = new ArrayList<>(hits.keySet());
                java.util.Collections.rotate(hitOrder, run);
                for (String what : hitOrder) {
                    rows.computeIfAbsent(what, w -> new JournalTable.Samples()).add(Interleaved.time(hits.get(what)));
                }
            }
            cache.releaseInUse();
            batched.releaseInUse();
            batched64.releaseInUse();
            CacheBenchmarkFiles.deleteTree(dir);
        }
        if (print) {
            JournalTable.print(n, rows);
        }
    }

    private static Path levels(Path dir) throws Exception {
        for (int d = 0; d < 4096; d++) {
            Files.createDirectories(dir.resolve(String.format("%03x", d)));
        }
        return dir;
    }

    /** Entry i of a run: the template under key i. */
    private static byte[][] entries(byte[] template, int n) {
        byte[][] entries = new byte[n][];
        for (int i = 0; i < n; i++) {
            entries[i] = entry(template, Footprint.sha256(i));
        }
        return entries;
    }

    private static int bareWrites(Path bare, byte[][] entries) throws Exception {
        for (int i = 0; i < entries.length; i++) {
            Path target = ScaleBenchmark.barePath(bare, i);
            Path temp = target.resolveSibling(".tmp-" + target.getFileName());
            Files.write(temp, entries[i]);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return entries.length;
    }

    private static int cacheWrites(DiskCache cache, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            cache.write(CacheKey.of(Footprint.sha256(i)), value(i), Duration.ZERO, false);
        }
        return n;
    }

    /** Batches of {@code size} new entries, each published as one pack: what a worker's reporter does. */
    private static int batchWrites(DiskCache cache, int n, int size) throws Exception {
        for (int i = 0; i < n;) {
            EntryBatch batch = cache.batch();
            for (int end = Math.min(n, i + size); i < end; i++) {
                if (!batch.add(CacheKey.of(Footprint.sha256(i)), value(i), Duration.ZERO, new byte[0])) {
                    throw new IllegalStateException("entry " + i + " not taken into a batch");
                }
            }
            batch.publish();
        }
        return n;
    }

    private static int journalWrites(Path file, byte[][] entries, int every) throws Exception {
        try (JournalWriter writer = new JournalWriter(file, every, TimeUnit.MILLISECONDS.toNanos(5), 1 << 20)) {
            for (int i = 0; i < entries.length; i++) {
                writer.append(Footprint.sha256(i), entries[i]);
            }
        }
        return entries.length;
    }

    private static int bareReads(Path bare, int n) throws Exception {
        long sink = 0;
        for (int i = 0; i < n; i++) {
            sink += Files.readAllBytes(ScaleBenchmark.barePath(bare, i)).length;
        }
        return sink > 0 ? n : 0;
    }

    private static int cacheReads(DiskCache cache, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            if (cache.read(CacheKey.of(Footprint.sha256(i))) == null) {
                throw new IllegalStateException("DiskCache lost entry " + i);
            }
        }
        return n;
    }

    private static int journalReads(JournalReader reader, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            if (reader.get(Footprint.sha256(i)) == null) {
                throw new IllegalStateException("the journal lost entry " + i);
            }
        }
        return n;
    }

    private static int looseAbsent(Path bare, int n) {
        int absent = 0;
        for (int i = 0; i < n; i++) {
            absent += Files.exists(ScaleBenchmark.barePath(bare, -2 - i)) ? 0 : 1;
        }
        return absent;
    }

    private static int journalAbsent(Path dir, JournalReader reader, int n) throws Exception {
        int absent = 0;
        for (int i = 0; i < n; i++) {
            byte[] key = Footprint.sha256(-2 - i);
            Files.getLastModifiedTime(dir); // a new journal (another writing process) changes it
            reader.refresh(null);
            reader.refresh(null); // the second journal's slots (the same file here: the same system call)
            absent += reader.get(key) == null ? 1 : 0;
        }
        return absent;
    }
}
