package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last uses a fold copies with its records ({@link PackUse#lastUsedInFileOrder}) are what a
 * look-up of each record in the pack's table gives: the table's time where it knows the record,
 * the pack's own time where it does not or there is no table.
 */
class PackUseInFileOrderTest {

    private static final long PACK_TIME = 1_700_000_000_000L;

    @TempDir
    Path packs;

    private Pack pack(int records) throws Exception {
        Random random = new Random(records);
        Path made;
        try (PackWriter writer = new PackWriter(packs, 0, false, "test-")) {
            for (int i = 0; i < records; i++) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                writer.add(CacheKey.of(key), new byte[30 + random.nextInt(50)]);
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

    private static long[] oneByOne(PackUse table, long[] offsets) {
        return Arrays.stream(offsets).map(at -> PackUse.lastUsed(table, at, PACK_TIME)).toArray();
    }

    @Test
    void aTableThatKnowsSomeRecordsGivesTheirTimesAndThePackTimeForTheRestAsALookUpOfEachWould() throws Exception {
        Pack pack = pack(500);
        long[] records = inFileOrder(pack);
        // every third record unknown to the table: its slot names an offset between records instead
        long[] tableOffsets = new long[records.length];
        long[] tableTimes = new long[records.length];
        for (int i = 0; i < records.length; i++) {
            tableOffsets[i] = i % 3 == 0 ? records[i] + 1 : records[i];
            tableTimes[i] = PACK_TIME - 1_000L * (i + 1);
        }
        PackUse.write(pack.path(), tableOffsets, tableTimes, records.length);
        PackUse table = PackUse.open(pack, false);
        assertThat(table).as("the table, opened").isNotNull();

        long[] walked = PackUse.lastUsedInFileOrder(table, records, PACK_TIME);

        assertThat(walked).isEqualTo(oneByOne(table, records));
        assertThat(walked[0]).as("a record the table does not know").isEqualTo(PACK_TIME);
        assertThat(walked[1]).as("one it knows").isEqualTo(PACK_TIME - 2_000L);
    }

    @Test
    void repeatedOffsetsEachGetTheirRecordsTime() throws Exception {
        Pack pack = pack(40);
        long[] records = inFileOrder(pack);
        long[] times = new long[records.length];
        Arrays.setAll(times, i -> PACK_TIME - i);
        PackUse.write(pack.path(), records, times, records.length);
        PackUse table = PackUse.open(pack, false);
        long[] twice = new long[] {records[3], records[3], records[7], records[7], records[7]};

        assertThat(PackUse.lastUsedInFileOrder(table, twice, PACK_TIME)).isEqualTo(oneByOne(table, twice));
    }

    @Test
    void withoutATableEveryRecordHasThePackTime() throws Exception {
        Pack pack = pack(100);
        long[] records = inFileOrder(pack);

        assertThat(PackUse.lastUsedInFileOrder(null, records, PACK_TIME)).containsOnly(PACK_TIME)
                .hasSize(records.length);
    }
}
