package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer's buffer is sized by what it expects, and a pack is whole however far off that was. */
class PackWriterBufferTest {

    @TempDir
    Path packs;

    @Test
    void aPackWhoseRecordsFarOutgrowTheBytesItExpectedIsWholeAndGivesBackEveryEntry() throws Exception {
        Random random = new Random(3);
        List<CacheKey> keys = new ArrayList<>();
        List<byte[]> entries = new ArrayList<>();
        Path made;
        try (PackWriter writer = new PackWriter(packs, 0, false, "test-", 1)) { // expects a byte, gets 300 KiB
            for (int i = 0; i < 100; i++) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                byte[] entry = new byte[random.nextInt(6_000) + 100];
                random.nextBytes(entry);
                keys.add(CacheKey.of(key));
                entries.add(entry);
                writer.add(keys.get(i), entry);
            }
            made = writer.finish();
        }

        Pack pack = Pack.open(made);
        assertThat(pack.count()).isEqualTo(100);
        for (int i = 0; i < keys.size(); i++) {
            long at = pack.find(keys.get(i));
            assertThat(at).as("record %d", i).isNotNegative();
            byte[] copied = new byte[Pack.KEY + entries.get(i).length];
            pack.copyRecord(at, copied, copied.length);
            assertThat(java.util.Arrays.copyOfRange(copied, Pack.KEY, copied.length)).isEqualTo(entries.get(i));
            assertThat(pack.keyAt(at)).isEqualTo(keys.get(i));
        }
    }
}
