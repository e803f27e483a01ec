package io.mppfc.cache;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One process of a {@link Churn}: a reader, writer, packer or collector of one cache, printing
 * what it counted. All of them run until the packer has made its packs and the given
 * seconds have passed (it then leaves a {@code stop} file), so a slow machine still sees several
 * packs made under the readers.
 */
public final class PackChurn {

    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    /** What one process does to the cache. */
    enum Role {
        /** Writes keys 0..n-1 and ends. */
        SEED,
        /** Reads random keys of 0..2n-1: those under n must be there. */
        READER,
        /** Reads random keys of the batches published so far: each must be there. */
        BATCHREADER,
        /** Writes new keys n..2n-1 and overwrites keys under n with their same value. */
        WRITER,
        /** Publishes batches of {@link #BATCH} new keys, counting them in {@link #published}. */
        BATCHER,
        /** Packs the cache again and again, and stops everyone once it has made {@link #PACKS} packs. */
        PACKER,
        /** Collects the cache again and again. */
        COLLECTOR;

        /** What a process given this role prints as its name and takes as its first argument. */
        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Role of(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }

        private boolean maintains() {
            return this == PACKER || this == COLLECTOR;
        }

        /** Whether the packer and collector wait for its first lookup ({@link #awaitReaders}). */
        boolean reads() {
            return this == READER || this == BATCHREADER;
        }
    }

    private PackChurn() {
    }

    static CacheKey key(int i) {
        return CacheKey.of(io.mppfc.footprint.Footprint.sha256(i));
    }

    static double value(int i) {
        return (double) i * i;
    }

    static final int PACKS = 4;
    /** Entries of a batch the batcher publishes. */
    static final int BATCH = 8;
    static final String BATCHER_TAG = "ba7c4e5";

    /** The first key of the batcher's batch number {@code b}: after the keys the writer writes. */
    static int batched(int n, long b) {
        return (int) (2 * n + b * BATCH);
    }
    private static final Duration LIMIT = Duration.ofSeconds(90);

    /** The file, beside the cache root, that counts the batches the batcher has published. */
    static Path published(Path root) {
        return root.resolveSibling(root.getFileName() + ".published");
    }

    /** How many batches the batcher has published (0 before the first). */
    static long publishedBatches(Path root) throws IOException {
        try {
            return Long.parseLong(Files.readString(published(root)).trim());
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    /**
     * Waits until {@code readers} reading processes have made their first lookup, so that they
     * listed the packs directory before there was any pack.
     */
    private static void awaitReaders(Path root, int readers, long start) throws IOException, InterruptedException {
        while (true) {
            try (var ready = Files.list(root.getParent())) {
                if (ready.filter(p -> p.getFileName().toString().startsWith(root.getFileName() + ".ready-")).count()
                        >= readers) {
                    return;
                }
            }
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException("the " + readers + " readers made no lookup within " + LIMIT);
            }
            Thread.sleep(5); // a poll of a condition
        }
    }

    /**
     * Arguments: role ({@link Role#word}), cache root, keys written before (0..n-1), seconds at
     * least, and for the packer and collector how many reading processes run beside them.
     */
    public static void main(String[] args) throws Exception {
        Role role = Role.of(args[0]);
        Path root = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        long until = start + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        Path stop = root.resolveSibling(root.getFileName() + ".stop"); // outside the cache, which gc walks
        DiskCache cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        if (role == Role.BATCHER) {
            cache = cache.taggingTemps(BATCHER_TAG); // as a worker's: its coordinator removes its temps
        }
        Path published = published(root);
        if (role == Role.SEED) {
            for (int i = 0; i < n; i++) {
                cache.write(key(i), value(i), Duration.ZERO, false);
            }
            return;
        }
        if (role.maintains()) {
            awaitReaders(root, Integer.parseInt(args[4]), start);
        }
        // a batcher started again (after a kill) goes on after the batches published before
        long done = role == Role.BATCHER ? publishedBatches(root) : 0;
        long wrong = 0;
        long falseMisses = 0;
        long busy = 0;
        long reads = 0;
        boolean saidReady = false;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        java.util.ArrayDeque<long[]> counts = new java.util.ArrayDeque<>(); // a batch reader's: (batches, when read)
        long settled = 0;
        int lookEvery = role.maintains() ? 1 : 64; // a look is a syscall
        for (long step = 0; !(step % lookEvery == 0 && Files.exists(stop)); step++) {
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException(role + " ran " + LIMIT + " without the packer making " + PACKS + " packs");
            }
            switch (role) {
                case READER -> {
                    int i = random.nextInt(2 * n);
                    CacheEntry e = cache.read(key(i));
                    reads++;
                    if (e == null && i < n) {
                        falseMisses++;
                    } else if (e != null && !e.value().equals(value(i))) {
                        wrong++;
                    }
                }
                case BATCHER -> {
                    EntryBatch batch = cache.batch();
                    for (int i = batched(n, done); i < batched(n, done + 1); i++) {
                        if (!batch.add(key(i), value(i), Duration.ZERO, new byte[0])
                                && !Double.valueOf(value(i)).equals(cache.read(key(i)).value())) { // published by a killed batcher
                            throw new IllegalStateException("key " + i + " not taken");
                        }
                    }
                    batch.publish();
                    Path temp = published.resolveSibling(published.getFileName() + ".tmp");
                    Files.writeString(temp, Long.toString(done + 1));
                    Files.move(temp, published, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                case BATCHREADER -> {
                    // batches published so far, read at least PackSet.MISS_WINDOW before the lookup (a miss
                    // may come from a listing that young): each of their entries must be found
                    long now = System.nanoTime();
                    counts.add(new long[] {publishedBatches(root), now});
                    while (now - counts.peek()[1] >= io.mppfc.cache.pack.PackSet.MISS_WINDOW.toNanos()) {
                        settled = counts.poll()[0];
                    }
                    long batches = settled;
                    if (batches > 0) {
                        int i = batched(n, 0) + random.nextInt(batched(n, batches) - batched(n, 0));
                        CacheEntry e = cache.read(key(i));
                        reads++;
                        if (e == null) {
                            falseMisses++;
                        } else if (!e.value().equals(value(i))) {
                            wrong++;
                        }
                    }
                }
                case WRITER -> {
                    int i = n + (int) (done % n);
                    cache.write(key(i), value(i), Duration.ZERO, false);
                    int j = random.nextInt(n);
                    cache.write(key(j), value(j), Duration.ZERO, true);
                }
                case PACKER, COLLECTOR -> {
                    try {
                        if (role == Role.PACKER) {
                            CacheInventory.pack(root, null);
                            if (done + 1 >= PACKS && System.nanoTime() > until) {
                                Files.createFile(stop);
                            }
                        } else {
                            CacheInventory.collect(root, -1, null);
                        }
                        done++;
                        Thread.sleep(100); // the other one gets the cache's lock too
                    } catch (IOException e) {
                        if (!e.getMessage().contains("another mppfc")) {
                            throw e;
                        }
                        busy++;
                        Thread.sleep(5);
                    }
                }
                default -> throw new IllegalArgumentException(role.word());
            }
            if (!role.maintains()) {
                done++;
            }
            if (reads > 0 && !saidReady) {
                Files.createFile(root.resolveSibling(root.getFileName() + ".ready-" + ProcessHandle.current().pid()));
                saidReady = true;
            }
        }
        System.out.printf("%s done=%d wrong=%d falseMisses=%d busy=%d%n", role.word(), done, wrong, falseMisses, busy);
    }
}
