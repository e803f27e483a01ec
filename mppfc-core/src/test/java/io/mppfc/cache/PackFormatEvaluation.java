package io.mppfc.cache;

import com.spotify.sparkey.CompressionType;
import com.spotify.sparkey.Sparkey;
import com.spotify.sparkey.SparkeyReader;
import com.spotify.sparkey.SparkeyWriter;
import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.footprint.Footprint;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Not a test: the measurement behind the pack format (DESIGN.md, "Packs"). The own format and
 * Spotify's Sparkey 3.2.5 holding the same entries, side by side: build time, size, files and
 * random lookups; then both damaged by random bit flips, every key looked up, outcomes counted.
 * Run with {@code scripts/bench pack-formats [ENTRIES] [DAMAGE_ROUNDS]}.
 */
public final class PackFormatEvaluation {

    private static final ValueCodec CODEC = Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES);

    private PackFormatEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mppfc-pack-formats");
        try {
            speed(dir, args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000);
            damage(dir, args.length > 1 ? Integer.parseInt(args[1]) : 400);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private record Data(CacheKey[] keys, byte[][] entries) {

        static Data of(int n) throws CodecException {
            CacheKey[] keys = new CacheKey[n];
            byte[][] entries = new byte[n][];
            for (int i = 0; i < n; i++) {
                keys[i] = CacheKey.of(Footprint.sha256(i));
                entries[i] = OldEntries.v3(Codecs.id(CODEC.codec()), 1000, CODEC.encode(i * 0.5));
            }
            return new Data(keys, entries);
        }

        Path ownPack(Path dir) throws IOException {
            Files.createDirectories(dir);
            try (PackWriter w = new PackWriter(dir, 1)) {
                for (int i = 0; i < keys.length; i++) {
                    w.add(keys[i], entries[i]);
                }
                return w.finish();
            }
        }

        File sparkey(Path index) throws IOException {
            try (SparkeyWriter w = Sparkey.createNew(index.toFile(), CompressionType.NONE, 0)) {
                w.setFsync(true);
                for (int i = 0; i < keys.length; i++) {
                    w.put(keys[i].bytes(), entries[i]);
                }
                w.writeHash();
            }
            return index.toFile();
        }
    }

    private static final int ROUNDS = 5;

    private static void speed(Path dir, int n) throws Exception {
        Data data = Data.of(n);
        System.out.println("| round | own: build, size, files, lookup | Sparkey: build, size, files, lookup |");
        System.out.println("|---|---|---|");
        double[] buildRatio = new double[ROUNDS];
        double[] lookupRatio = new double[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) { // round -1 warms up the JIT on both and is not shown
            boolean ownFirst = round % 2 != 0; // the order alternates, so that neither always runs on a warmed cache
            Path[] own = new Path[1];
            File[] sparkey = new File[1];
            long ownBuild = 0;
            long sparkeyBuild = 0;
            for (int turn = 0; turn < 2; turn++) {
                long t0 = System.nanoTime();
                if ((turn == 0) == ownFirst) {
                    own[0] = data.ownPack(dir.resolve("own" + round));
                    ownBuild = System.nanoTime() - t0;
                } else {
                    sparkey[0] = data.sparkey(dir.resolve("sparkey" + round + ".spi"));
                    sparkeyBuild = System.nanoTime() - t0;
                }
            }
            int[] order = shuffled(n, round + 1);
            long ownLookups = 0;
            long sparkeyLookups = 0;
            long sink = 0;
            for (int turn = 0; turn < 2; turn++) {
                if ((turn == 0) == ownFirst) {
                    Pack pack = Pack.open(own[0]);
                    long t0 = System.nanoTime();
                    for (int i : order) {
                        sink += pack.entryAt(pack.find(data.keys()[i])).payload().remaining();
                    }
                    ownLookups = System.nanoTime() - t0;
                } else {
                    try (SparkeyReader reader = Sparkey.open(sparkey[0])) {
                        long t0 = System.nanoTime();
                        for (int i : order) {
                            sink += EntryFormat.parse(reader.getAsByteArray(data.keys()[i].bytes())).payload().remaining();
                        }
                        sparkeyLookups = System.nanoTime() - t0;
                    }
                }
            }
            if (round < 0) {
                continue;
            }
            buildRatio[round] = ownBuild / (double) sparkeyBuild;
            lookupRatio[round] = ownLookups / (double) sparkeyLookups;
            long ownSize = Files.size(own[0]);
            long sparkeySize = sparkey[0].length() + Sparkey.getLogFile(sparkey[0]).length();
            System.out.printf(Locale.ROOT, "| %d | %.2f s, %.0f B/entry, 1 file, %.2f µs | %.2f s, %.0f B/entry, 2 files, %.2f µs |%n",
                    round, ownBuild / 1e9, ownSize / (double) n, ownLookups / 1e3 / n, sparkeyBuild / 1e9,
                    sparkeySize / (double) n, sparkeyLookups / 1e3 / n);
            if (sink == 42) {
                System.out.print("");
            }
        }
        System.out.printf(Locale.ROOT, "| own / Sparkey, round by round (min / median / max) | build %s, lookup %s | |%n",
                spread(buildRatio), spread(lookupRatio));
    }

    private static String spread(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.2f× / %.2f× / %.2f×", v[0], median, v[v.length - 1]);
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Flips 1 to 4 random bits of each format's files, looks up every key, and counts the outcomes. */
    private static void damage(Path dir, int rounds) throws Exception {
        int n = 1000;
        Data data = Data.of(n);
        byte[] own = Files.readAllBytes(data.ownPack(dir.resolve("own-damage")));
        File sparkey = data.sparkey(dir.resolve("sparkey-damage.spi"));
        byte[] index = Files.readAllBytes(sparkey.toPath());
        byte[] log = Files.readAllBytes(Sparkey.getLogFile(sparkey).toPath());
        Map<String, Integer> ownOutcomes = new TreeMap<>();
        Map<String, Integer> sparkeyOutcomes = new TreeMap<>();
        Random r = new Random(42);
        for (int round = 0; round < rounds; round++) {
            int flips = 1 + r.nextInt(4);
            Path ownCopy = dir.resolve("own-damaged.mpk");
            Files.write(ownCopy, flipped(own, flips, r));
            ownOutcomes.merge(ownOutcome(ownCopy, data), 1, Integer::sum);
            boolean inIndex = r.nextBoolean();
            Path sparkeyCopy = dir.resolve("sparkey-damaged.spi");
            Files.write(sparkeyCopy, inIndex ? flipped(index, flips, r) : index);
            Files.write(Sparkey.getLogFile(sparkeyCopy.toFile()).toPath(), inIndex ? log : flipped(log, flips, r));
            sparkeyOutcomes.merge((inIndex ? "index: " : "log: ") + sparkeyOutcome(sparkeyCopy.toFile(), data), 1,
                    Integer::sum);
        }
        System.out.println();
        System.out.println(rounds + " damaged copies of a pack of " + n + " entries, every key looked up:");
        System.out.println("- own: " + ownOutcomes);
        System.out.println("- Sparkey: " + sparkeyOutcomes);
    }

    private static byte[] flipped(byte[] bytes, int flips, Random r) {
        byte[] copy = bytes.clone();
        for (int f = 0; f < flips; f++) {
            copy[r.nextInt(copy.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return copy;
    }

    private static String ownOutcome(Path copy, Data data) {
        try {
            Pack pack = Pack.open(copy);
            int wrong = 0;
            int refused = 0;
            for (int i = 0; i < data.keys().length; i++) {
                long at = pack.find(data.keys()[i]);
                try {
                    if (at < 0) {
                        refused++;
                    } else if (!CODEC.decode(pack.entryAt(at).payload()).equals(i * 0.5)) {
                        wrong++;
                    }
                } catch (CorruptEntryException e) {
                    refused++;
                }
            }
            return outcome(wrong, refused);
        } catch (CorruptEntryException e) {
            return "whole pack refused by a checksum";
        } catch (Exception | Error e) {
            return "threw " + e.getClass().getSimpleName();
        }
    }

    private static String sparkeyOutcome(File copy, Data data) {
        try (SparkeyReader reader = Sparkey.open(copy)) {
            int wrong = 0;
            int refused = 0;
            for (int i = 0; i < data.keys().length; i++) {
                byte[] value = reader.getAsByteArray(data.keys()[i].bytes());
                try {
                    if (value == null) {
                        refused++;
                    } else if (!CODEC.decode(EntryFormat.parse(value).payload()).equals(i * 0.5)) {
                        wrong++;
                    }
                } catch (CorruptEntryException e) {
                    refused++;
                }
            }
            return outcome(wrong, refused);
        } catch (IOException e) {
            return "whole pack refused (" + e.getClass().getSimpleName() + ")";
        } catch (Exception | Error e) {
            return "threw " + e.getClass().getSimpleName();
        }
    }

    private static String outcome(int wrong, int missing) {
        return wrong > 0 ? "WRONG VALUES" : missing > 0 ? "some entries missing or refused" : "every entry read";
    }
}
