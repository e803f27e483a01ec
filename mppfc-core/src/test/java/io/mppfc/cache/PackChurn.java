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
 * One process of {@link PackChurnTest}: a reader, writer, packer or collector of one cache,
 * printing what it counted. All of them run until the packer has made its packs and the given
 * seconds have passed (it then leaves a {@code stop} file), so a slow machine still sees several
 * packs made under the readers.
 */
public final class PackChurn {

    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

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

    /** Arguments: role, cache root, keys written before (0..n-1), seconds at least. */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path root = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        long start = System.nanoTime();
        long until = start + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        Path stop = root.resolveSibling(root.getFileName() + ".stop"); // outside the cache, which gc walks
        DiskCache cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        if (role.equals("batcher")) {
            cache = cache.taggingTemps(BATCHER_TAG); // as a worker's: its coordinator removes its temps
        }
        Path published = root.resolveSibling(root.getFileName() + ".published");
        if (role.equals("seed")) {
            for (int i = 0; i < n; i++) {
                cache.write(key(i), value(i), Duration.ZERO, false);
            }
            return;
        }
        if (role.equals("packer") || role.equals("collector")) {
            Thread.sleep(1000); // readers list the packs directory first, before there is any pack
        }
        // a batcher started again (after a kill) goes on after the batches published before
        long done = role.equals("batcher") && Files.exists(published) ? Long.parseLong(Files.readString(published).trim())
                : 0;
        long wrong = 0;
        long falseMisses = 0;
        long busy = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        java.util.ArrayDeque<long[]> counts = new java.util.ArrayDeque<>(); // a batch reader's: (batches, when read)
        long settled = 0;
        int lookEvery = role.equals("packer") || role.equals("collector") ? 1 : 64; // a look is a syscall
        for (long step = 0; !(step % lookEvery == 0 && Files.exists(stop)); step++) {
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException(role + " ran " + LIMIT + " without the packer making " + PACKS + " packs");
            }
            switch (role) {
                case "reader" -> {
                    int i = random.nextInt(2 * n);
                    CacheEntry e = cache.read(key(i));
                    if (e == null && i < n) {
                        falseMisses++;
                    } else if (e != null && !e.value().equals(value(i))) {
                        wrong++;
                    }
                }
                case "batcher" -> {
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
                case "batchreader" -> {
                    // batches published so far, read at least PackSet.MISS_WINDOW before the lookup (a miss
                    // may come from a listing that young): each of their entries must be found
                    long now = System.nanoTime();
                    counts.add(new long[] {Files.exists(published) ? Long.parseLong(Files.readString(published).trim())
                            : 0, now});
                    while (now - counts.peek()[1] >= io.mppfc.cache.pack.PackSet.MISS_WINDOW.toNanos()) {
                        settled = counts.poll()[0];
                    }
                    long batches = settled;
                    if (batches > 0) {
                        int i = batched(n, 0) + random.nextInt(batched(n, batches) - batched(n, 0));
                        CacheEntry e = cache.read(key(i));
                        if (e == null) {
                            falseMisses++;
                        } else if (!e.value().equals(value(i))) {
                            wrong++;
                        }
                    }
                }
                case "writer" -> {
                    int i = n + (int) (done % n);
                    cache.write(key(i), value(i), Duration.ZERO, false);
                    int j = random.nextInt(n);
                    cache.write(key(j), value(j), Duration.ZERO, true);
                }
                case "packer", "collector" -> {
                    try {
                        if (role.equals("packer")) {
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
                default -> throw new IllegalArgumentException(role);
            }
            if (!role.equals("packer") && !role.equals("collector")) {
                done++;
            }
        }
        System.out.printf("%s done=%d wrong=%d falseMisses=%d busy=%d%n", role, done, wrong, falseMisses, busy);
    }
}
