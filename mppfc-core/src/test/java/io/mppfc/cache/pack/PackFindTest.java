package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pack#find} gives the record of every key a pack holds and -1 for every other, however
 * the keys' prefixes lie: evenly (digests), bunched, repeated, or at the ends of the unsigned range.
 */
class PackFindTest {

    @TempDir
    Path dir;

    private final Random random = new Random(31);

    private CacheKey key(long prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        ByteBuffer.wrap(bytes).putLong(prefix);
        return CacheKey.of(bytes);
    }

    /** A pack of one record per key (entries of zeros: find reads keys only) and where each went. */
    private Map<CacheKey, Long> write(Path packs, List<CacheKey> keys) throws Exception {
        Files.createDirectories(packs);
        Map<CacheKey, Long> at = new HashMap<>();
        try (PackWriter writer = new PackWriter(packs, 1, false, "test-")) {
            for (CacheKey key : keys) {
                at.put(key, writer.add(key, new byte[40]));
            }
            writer.finish();
        }
        return at;
    }

    private void assertFindsEveryKeyAndNoOther(LongSupplier prefixes, int count) throws Exception {
        List<CacheKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(key(prefixes.getAsLong()));
        }
        Path packs = dir.resolve("packs" + count + "-" + random.nextInt(1_000_000));
        Map<CacheKey, Long> at = write(packs, keys);
        Pack pack;
        try (var listed = Files.list(packs)) {
            pack = Pack.open(listed.filter(p -> p.getFileName().toString().endsWith(".mpk")).findFirst().orElseThrow());
        }

        for (CacheKey key : keys) {
            assertThat(pack.find(key)).as("where %s is", key).isEqualTo(at.get(key));
        }
        for (int i = 0; i < count; i++) {
            CacheKey other = key(prefixes.getAsLong()); // same prefixes, other keys: never in the pack
            assertThat(pack.find(other)).as("absent %s", other).isEqualTo(-1);
        }
        for (long edge : new long[] {0, 1, Long.MAX_VALUE, Long.MIN_VALUE, -2, -1}) {
            CacheKey other = key(edge);
            assertThat(pack.find(other)).as("absent at the prefix %x", edge).isEqualTo(at.getOrDefault(other, -1L));
        }
    }

    @Test
    void keysWithEvenlySpreadPrefixesAreFoundAndOthersAreNot() throws Exception {
        assertFindsEveryKeyAndNoOther(random::nextLong, 20_000);
    }

    @Test
    void keysWhosePrefixesBunchInATinyRangeBesideBothEndsOfTheUnsignedRangeAreFoundAndOthersAreNot()
            throws Exception {
        int[] n = {0};
        // most near one value, a few at 0 and at the unsigned top: an estimate by value is far off every time
        assertFindsEveryKeyAndNoOther(() -> switch (n[0]++ % 50) {
            case 0 -> random.nextInt(3);
            case 1 -> -1L - random.nextInt(3);
            default -> 0x7fff_0000_0000_0000L + random.nextInt(1_000);
        }, 10_000);
    }

    @Test
    void keysSharingOnePrefixInLongRunsAreFoundAndOthersAreNot() throws Exception {
        long[] few = {5, 6, 0x8000_0000_0000_0000L, -7};
        assertFindsEveryKeyAndNoOther(() -> few[random.nextInt(few.length)], 2_000);
    }

    @Test
    void keysWithPrefixesGrowingExponentiallyAreFoundAndOthersAreNot() throws Exception {
        assertFindsEveryKeyAndNoOther(() -> 1L << random.nextInt(64), 3_000);
    }

    @Test
    void packsOfFewRecordsFindTheirKeysAndNoOther() throws Exception {
        for (int count = 1; count <= 40; count += 3) {
            assertFindsEveryKeyAndNoOther(random::nextLong, count);
        }
    }
}
