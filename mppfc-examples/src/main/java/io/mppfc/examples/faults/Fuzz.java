package io.mppfc.examples.faults;

import io.mppfc.Codec;
import io.mppfc.FootprintException;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ProtocolException;
import io.mppfc.protocol.WorkerReports;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fuzzing with fixed seeds: random and mutated inputs to {@code Footprint.load}, the frame
 * reader with the message decoders, and the entry parser. Only the documented exceptions are
 * allowed; anything else (an OutOfMemoryError, a RuntimeException of another kind) fails.
 */
public final class Fuzz {

    private Fuzz() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long start = System.nanoTime();
        int[] footprints = footprints(n);
        int[] frames = frames(n);
        int[] entries = entries(n);
        System.out.printf("fuzz | %d inputs each, seeds fixed | Footprint.load: %d loaded, %d refused | frames: %d read, "
                + "%d messages refused | entries: %d valid, %d refused | no other exception | %.0f s%n", n, footprints[0],
                footprints[1], frames[0], frames[1], entries[0], entries[1], (System.nanoTime() - start) / 1e9);
    }

    private static byte[] mutate(Random random, List<byte[]> seeds) {
        if (random.nextBoolean()) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        for (int flips = 1 + random.nextInt(4); flips > 0 && input.length > 0; flips--) {
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
        return input;
    }

    static int[] footprints(int n) {
        Random random = new Random(1);
        List<byte[]> seeds = List.of(Footprint.of(Map.of("a", List.of(1, 2.0, "x"))), Footprint.ofArguments(1, "b", 3L),
                Footprint.of(new int[] {1, 2, 3}), Footprint.of(java.time.Instant.EPOCH));
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            try {
                Footprint.load(mutate(random, seeds));
                loaded++;
            } catch (FootprintException expected) {
                refused++;
            }
        }
        return new int[] {loaded, refused};
    }

    static int[] frames(int n) throws IOException {
        Random random = new Random(2);
        ByteArrayOutputStream good = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(good);
        writer.write(FrameType.JOB, new Messages.Job(7, new byte[32], Footprint.ofArguments(1)).encode());
        writer.write(FrameType.DONE, new WorkerReports.Done(7, new byte[32], 100).encode());
        writer.write(FrameType.FAILED,
                new WorkerReports.Failed(8, io.mppfc.FailureKind.THREW, "E", null, "t").encode());
        List<byte[]> seeds = List.of(good.toByteArray());
        int read = 0;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            FrameReader reader = new FrameReader(new ByteArrayInputStream(mutate(random, seeds)), 1 << 16, g -> { });
            for (Frame f = reader.read(); f != null; f = reader.read()) {
                read++;
                try {
                    switch (f.type()) {
                        case JOB -> Messages.Job.decode(f.payload());
                        case DONE -> WorkerReports.Done.decode(f.payload());
                        case FAILED -> WorkerReports.Failed.decode(f.payload());
                        default -> Messages.Hello.decode(f.payload());
                    }
                } catch (ProtocolException expected) {
                    refused++;
                }
            }
        }
        return new int[] {read, refused};
    }

    static int[] entries(int n) throws IOException, io.mppfc.cache.codec.CodecException {
        Random random = new Random(3);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mppfc-fuzz");
        io.mppfc.cache.DiskCache cache = io.mppfc.cache.DiskCache.open(dir, Codecs.create(Codec.FORY, io.mppfc.cache.codec.ClassAllowList.JDK_VALUES), io.mppfc.cache.codec.ClassAllowList.JDK_VALUES, false);
        io.mppfc.cache.CacheKey a = io.mppfc.cache.CacheKey.of(Footprint.sha256("a"));
        io.mppfc.cache.CacheKey b = io.mppfc.cache.CacheKey.of(Footprint.sha256("b"));
        cache.write(a, List.of(1.5, "x"), java.time.Duration.ofMillis(5), true);
        cache.write(b, null, java.time.Duration.ZERO, true);
        List<byte[]> seeds = List.of(java.nio.file.Files.readAllBytes(cache.entryPath(a)),
                java.nio.file.Files.readAllBytes(cache.entryPath(b)));
        int valid = 0;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            if (CacheInventory.check(mutate(random, seeds)) == null) {
                valid++;
            } else {
                refused++;
            }
        }
        return new int[] {valid, refused};
    }
}
