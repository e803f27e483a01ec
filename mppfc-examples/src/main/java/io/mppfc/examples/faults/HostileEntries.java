package io.mppfc.examples.faults;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;

/**
 * Plants, at the entry path of a cached value (and around it in the tree), everything another
 * user or tool could put there, then reads it through the library: counts wrong values, hangs,
 * out-of-memory errors and anything written outside the cache. Meant to run with a small heap
 * ({@code -Xmx256m}), where a huge planted entry would exhaust it if it were ever allocated.
 */
public final class HostileEntries {

    /** What is planted. */
    enum Plant {
        TRUNCATED, BIT_FLIPPED, WRONG_TYPE, NULL_FOR_A_LONG, CLASS_FORY_REGISTERS_ITSELF, FIFO, SPARSE_1000_MB,
        SPARSE_1900_MB_WITH_A_VALID_HEADER, LEVEL_DIRECTORY_SYMLINKED_OUTSIDE, QUARANTINE_SYMLINKED_OUTSIDE,
        QUARANTINE_A_FILE, LEVEL_DIRECTORY_A_FILE, CODEC_NOT_ON_THE_CLASSPATH
    }

    private static final Fory UNCHECKED = Fory.builder().withLanguage(Language.JAVA).withRefTracking(true)
            .requireClassRegistration(false).build();

    private HostileEntries() {
    }

    public static long square(long x) {
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        long start = System.nanoTime();
        Map<Plant, Integer> reads = new EnumMap<>(Plant.class);
        int wrong = 0;
        int hangs = 0;
        int ooms = 0;
        int refusedByPolicy = 0;
        int otherExceptions = 0;
        int outsideWrites = 0;
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-reader");
            t.setDaemon(true);
            return t;
        });
        Path base = Files.createTempDirectory("mppfc-hostile");
        for (int round = 0; round < rounds; round++) {
            Path root = Files.createDirectory(base.resolve("cache-" + round));
            Path outside = Files.createDirectory(base.resolve("outside-" + round));
            try (MultiProcCachedFunction1<Long, Long> f = Mppfc.cache(HostileEntries::square).path(root).build()) {
                for (Plant plant : Plant.values()) {
                    long x = round * 100L + plant.ordinal();
                    Path entry = entryOf(f, x);
                    plant(plant, f.cacheDir(), entry, outside);
                    for (int read = 0; read < 2; read++) {
                        reads.merge(plant, 1, Integer::sum);
                        Future<Long> value = reader.submit(() -> f.hasKey(x) ? f.apply(x) : f.apply(x));
                        try {
                            Long v = value.get(30, TimeUnit.SECONDS);
                            if (v == null || v != square(x)) {
                                wrong++;
                            }
                        } catch (TimeoutException e) {
                            hangs++;
                            value.cancel(true);
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (e.getCause() instanceof OutOfMemoryError) {
                                ooms++;
                            } else if (plant == Plant.CLASS_FORY_REGISTERS_ITSELF
                                    && e.getCause().getMessage().contains("does not allow")) {
                                refusedByPolicy++;
                            } else {
                                otherExceptions++;
                                System.err.println(plant + ": " + e.getCause());
                            }
                        }
                    }
                }
            }
            try (Stream<Path> written = Files.list(outside)) {
                outsideWrites += (int) written.count();
            }
        }
        int total = reads.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("hostile entries | %d rounds of %d kinds planted, %d reads | wrong values %d; hangs %d; "
                + "out of memory %d; writes outside the cache %d; refused by the allow-list %d; other exceptions %d | "
                + "heap %d MiB | %.0f s%n", rounds, Plant.values().length, total, wrong, hangs, ooms, outsideWrites,
                refusedByPolicy, otherExceptions, Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - start) / 1e9);
    }

    /** Computes the value once, so its entry exists, and returns where it is. */
    private static Path entryOf(MultiProcCachedFunction1<Long, Long> f, long x) throws IOException {
        List<CacheInventory.Entry> before = CacheInventory.entries(f.cacheDir());
        f.apply(x);
        return CacheInventory.entries(f.cacheDir()).stream().filter(e -> !before.contains(e)).findFirst()
                .orElseThrow().path();
    }

    private static void plant(Plant plant, Path function, Path entry, Path outside) throws Exception {
        Path level1 = function.relativize(entry).getName(0);
        switch (plant) {
            case TRUNCATED -> Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 10));
            case BIT_FLIPPED -> flip(entry);
            case WRONG_TYPE -> Files.write(entry, entryBytes((byte) 1, UNCHECKED.serialize("not a long")));
            case NULL_FOR_A_LONG -> Files.write(entry, entryBytes((byte) 1, null));
            case CLASS_FORY_REGISTERS_ITSELF -> Files.write(entry, entryBytes((byte) 1,
                    UNCHECKED.serialize(new java.util.concurrent.atomic.AtomicLong(7))));
            case FIFO -> {
                Files.delete(entry);
                new ProcessBuilder("mkfifo", entry.toString()).inheritIO().start().waitFor();
            }
            case SPARSE_1000_MB -> sparse(entry, 1000L << 20, false);
            case SPARSE_1900_MB_WITH_A_VALID_HEADER -> sparse(entry, 1900L << 20, true);
            case LEVEL_DIRECTORY_SYMLINKED_OUTSIDE -> {
                Path dir = function.resolve(level1);
                deleteTree(dir);
                Files.createSymbolicLink(dir, outside);
            }
            case QUARANTINE_SYMLINKED_OUTSIDE -> {
                deleteTree(function.resolve(".quarantine"));
                Files.createSymbolicLink(function.resolve(".quarantine"), outside);
                flip(entry);
            }
            case QUARANTINE_A_FILE -> {
                deleteTree(function.resolve(".quarantine"));
                Files.writeString(function.resolve(".quarantine"), "in the way");
                flip(entry);
            }
            case LEVEL_DIRECTORY_A_FILE -> {
                Path dir = function.resolve(level1);
                deleteTree(dir);
                Files.writeString(dir, "in the way");
            }
            case CODEC_NOT_ON_THE_CLASSPATH -> {
                byte[] bytes = Files.readAllBytes(entry);
                Files.write(entry, entryBytes((byte) 2, java.util.Arrays.copyOfRange(bytes, 20, bytes.length - 4)));
            }
        }
    }

    private static void flip(Path entry) throws IOException {
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(entry, bytes);
    }

    private static void sparse(Path entry, long size, boolean validHeader) throws IOException {
        Files.delete(entry);
        try (RandomAccessFile file = new RandomAccessFile(entry.toFile(), "rw")) {
            file.setLength(size);
            if (validHeader) {
                file.write(ByteBuffer.allocate(20).putInt(0x4D504643).put((byte) 1).put((byte) 1).put((byte) 0)
                        .put((byte) 0).putLong(0).putInt((int) (size - 24)).array());
            }
        }
    }

    /** An entry as the format defines it (magic, version, codec, flags, time, length, payload, CRC32C): valid bytes. */
    private static byte[] entryBytes(byte codec, byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        ByteBuffer b = ByteBuffer.allocate(24 + n).putInt(0x4D504643).put((byte) 1).put(codec)
                .put((byte) (payload == null ? 1 : 0)).put((byte) 0).putLong(0).putInt(n);
        if (payload != null) {
            b.put(payload);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 20 + n);
        return b.putInt((int) crc.getValue()).array();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
