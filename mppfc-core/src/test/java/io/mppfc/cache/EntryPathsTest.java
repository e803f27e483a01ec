package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.footprint.Footprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The one kept entry path ({@link EntryPaths}) serves a key asked for twice in a row (a miss's
 * lookup, then its write), and is only ever its own key's: threads asking for different keys at
 * once each get their key's path, never the one another thread left.
 */
class EntryPathsTest {

    @Test
    void aKeyAskedForAgainGetsThePathMadeTheFirstTimeAndAnotherKeyItsOwn() {
        Path directory = Path.of("/cache/f@0123456789abcdef");
        EntryPaths paths = new EntryPaths(directory);
        CacheKey one = CacheKey.of(Footprint.sha256(1));
        CacheKey two = CacheKey.of(Footprint.sha256(2));
        Path first = paths.of(one);
        assertThat(paths.of(CacheKey.of(Footprint.sha256(1)))).isSameAs(first); // an equal key, as a worker's DONE makes
        assertThat(paths.of(two)).isEqualTo(two.entryIn(directory));
        assertThat(first).isEqualTo(one.entryIn(directory));
    }

    @Test
    void threadsAskingForDifferentKeysAtOnceEachGetTheirOwnKeysPath() throws Exception {
        Path directory = Path.of("/cache/f@0123456789abcdef");
        EntryPaths paths = new EntryPaths(directory);
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add(CacheKey.of(Footprint.sha256(i)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                wrong.add(threads.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 200_000; i++) {
                        CacheKey key = keys.get((i + offset * 7) % keys.size());
                        // asked twice, as a miss's lookup and its write do: the second may be the kept one
                        if (!paths.of(key).equals(key.entryIn(directory)) || !paths.of(key).equals(key.entryIn(directory))) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> w : wrong) {
                assertThat(w.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
