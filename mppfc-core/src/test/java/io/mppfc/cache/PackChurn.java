package io.mppfc.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One process of {@link PackChurnTest}: a reader, writer, packer or collector of one cache for a
 * few seconds, printing what it counted.
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

    /** Arguments: role, cache root, keys written before (0..n-1), seconds. */
    public static void main(String[] args) throws Exception {
        String role = args[0];
        Path root = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        long until = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        DiskCache cache = DiskCache.open(root.resolve("f"), Codec.FORY.create(ALLOW), ALLOW, false);
        if (role.equals("seed")) {
            for (int i = 0; i < n; i++) {
                cache.write(key(i), value(i), Duration.ZERO, false);
            }
            return;
        }
        if (role.equals("packer") || role.equals("collector")) {
            Thread.sleep(1000); // readers list the packs directory first, before there is any pack
        }
        long done = 0;
        long wrong = 0;
        long falseMisses = 0;
        long busy = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < until) {
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
                        } else {
                            CacheInventory.collect(root, -1, null);
                        }
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
            done++;
        }
        System.out.printf("%s done=%d wrong=%d falseMisses=%d busy=%d%n", role, done, wrong, falseMisses, busy);
    }
}
