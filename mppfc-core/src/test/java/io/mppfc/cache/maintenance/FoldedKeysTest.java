package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fold copies each key once: the first record of it, and of no two keys only one. */
class FoldedKeysTest {

    @TempDir
    Path packs;

    private final Random random = new Random(5);

    private CacheKey key(long prefix) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        ByteBuffer.wrap(bytes).putLong(prefix);
        return CacheKey.of(bytes);
    }

    private Pack pack(List<CacheKey> keys) throws Exception {
        Files.createDirectories(packs);
        Path made;
        try (PackWriter writer = new PackWriter(packs, 0, false, "test-")) {
            for (CacheKey key : keys) {
                writer.add(key, new byte[40]);
            }
            made = writer.finish();
        }
        return Pack.open(made);
    }

    private static long[] inFileOrder(Pack pack) {
        long[] offsets = pack.recordOffsets();
        Arrays.sort(offsets);
        return offsets;
    }

    @Test
    void aKeyARecordOfAnEarlierPackHoldsIsRefusedAndEveryOtherKeyIsTaken() throws Exception {
        List<CacheKey> first = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            first.add(key(random.nextLong()));
        }
        List<CacheKey> second = new ArrayList<>(first.subList(0, 1_000)); // a thousand stored by both writers
        for (int i = 0; i < 2_000; i++) {
            second.add(key(random.nextLong()));
        }
        Pack newer = pack(first);
        Pack older = pack(second);
        FoldedKeys seen = new FoldedKeys(newer.count() + older.count());

        int taken = 0;
        for (long at : inFileOrder(newer)) {
            taken += seen.add(newer, at) ? 1 : 0;
        }
        assertThat(taken).as("the first pack's keys, all new").isEqualTo(3_000);
        List<CacheKey> refused = new ArrayList<>();
        for (long at : inFileOrder(older)) {
            if (!seen.add(older, at)) {
                refused.add(older.keyAt(at));
            }
        }

        assertThat(refused).containsExactlyInAnyOrderElementsOf(first.subList(0, 1_000));
    }

    @Test
    void keysSharingTheirFirstEightBytesAreToldApartByTheirWholeKeys() throws Exception {
        // three keys each for a few prefixes, and each of them once more in a second pack
        List<CacheKey> keys = new ArrayList<>();
        for (long prefix : new long[] {0, 42, -1, Long.MIN_VALUE}) {
            for (int i = 0; i < 3; i++) {
                keys.add(key(prefix));
            }
        }
        Pack one = pack(keys);
        Pack again = pack(keys);
        FoldedKeys seen = new FoldedKeys(one.count() + again.count());

        int takenFirst = 0;
        for (long at : inFileOrder(one)) {
            takenFirst += seen.add(one, at) ? 1 : 0;
        }
        int takenAgain = 0;
        for (long at : inFileOrder(again)) {
            takenAgain += seen.add(again, at) ? 1 : 0;
        }

        assertThat(takenFirst).as("twelve keys, four prefixes").isEqualTo(12);
        assertThat(takenAgain).as("the same twelve keys again").isZero();
    }
}
