package io.mppfc.examples.bench;

import io.mppfc.footprint.Footprint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The journal under real kills: a child JVM appends records (sizes from 1 byte to 256 KiB,
 * written in 512-byte parts, so that a kill lands inside records) and publishes every few records,
 * while this process reads what it published as it goes (a concurrent reader in another
 * process); at a random moment the child gets SIGKILL, then a fresh reader opens the journal.
 * Every record a reader sees must be whole, checked, and the very bytes record number i was
 * given: the count of any other is the result, and must be 0.
 */
final class JournalCrashCheck {

    private JournalCrashCheck() {
    }

    /** The child: appends record after record to the journal named by the first argument until killed. */
    public static void main(String[] args) throws Exception {
        try (JournalWriter writer = new JournalWriter(Path.of(args[0]), 7, TimeUnit.MILLISECONDS.toNanos(2), 512)) {
            System.out.println("appending");
            System.out.flush();
            for (int i = 0; ; i++) {
                writer.append(Footprint.sha256(i), entry(i));
            }
        }
    }

    /** Record number i's bytes: its number, then a length and a pattern both derived from it. */
    static byte[] entry(int i) {
        int length = 4 + (int) (mixed(i) % (i % 50 == 0 ? 256 * 1024 : 600));
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(i);
        while (b.hasRemaining()) {
            b.put((byte) (mixed(i + b.position()) & 0xFF));
        }
        return b.array();
    }

    private static long mixed(long x) {
        long z = (x + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        return (z ^ (z >>> 31)) >>> 1;
    }

    private static boolean right(byte[] key, ByteBuffer entry) {
        if (entry.remaining() < 4) {
            return false;
        }
        int i = entry.getInt(entry.position());
        byte[] bytes = new byte[entry.remaining()];
        entry.duplicate().get(bytes);
        return i >= 0 && Arrays.equals(key, Footprint.sha256(i)) && Arrays.equals(bytes, entry(i));
    }

    /** Kills {@code runs} children at random moments; prints one Markdown row per run and a total; throws on any wrong record. */
    static void run(int runs, Path work, PrintStream out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        out.println("| kill | child ran ms | records seen by the concurrent reader | wrong or partial seen concurrently "
                + "| records after the kill (published) | bytes past the published length (lost tail) "
                + "| wrong or partial after the kill |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        long totalWrong = 0;
        long totalRecords = 0;
        for (int run = 1; run <= runs; run++) {
            Path file = work.resolve("crash-" + run + ".journal");
            Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    JournalCrashCheck.class.getName(), file.toString())).redirectErrorStream(true).start();
            BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            if (!"appending".equals(said.readLine())) {
                throw new IllegalStateException("the appending child did not start");
            }
            long[] wrong = new long[2];
            long started = System.nanoTime();
            long until = started + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(20, 700));
            long concurrent = 0;
            try (JournalReader reader = JournalReader.open(file, (k, e) -> wrong[0] += right(k, e) ? 0 : 1)) {
                concurrent += reader.size();
                while (System.nanoTime() < until) { // reading while it appends is the wait
                    concurrent += reader.refresh((k, e) -> wrong[0] += right(k, e) ? 0 : 1);
                }
                wrong[0] += reader.damaged();
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close, no last publish
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the killed child did not end");
            }
            long ranMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long size = Files.size(file);
            int after;
            long scannedTo;
            try (JournalReader reader = JournalReader.open(file, (k, e) -> wrong[1] += right(k, e) ? 0 : 1)) {
                after = reader.size();
                scannedTo = reader.scannedTo();
                wrong[1] += reader.damaged();
            }
            totalWrong += wrong[0] + wrong[1];
            totalRecords += after;
            out.printf(Locale.ROOT, "| %d | %d | %,d | %d | %,d | %,d | %d |%n", run, ranMs, concurrent, wrong[0],
                    after, size - scannedTo, wrong[1]);
            Files.delete(file);
        }
        out.printf(Locale.ROOT, "%nCrash check: %d kills, %,d records read back, %d wrong or partial (must be 0).%n",
                runs, totalRecords, totalWrong);
        if (totalWrong != 0) {
            throw new IllegalStateException(totalWrong + " wrong or partial records seen");
        }
    }
}
