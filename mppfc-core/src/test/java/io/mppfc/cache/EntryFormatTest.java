package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EntryFormatTest {

    @Test
    void entryBytesAreFrozen() {
        byte[] entry = EntryFormat.encode((byte) 1, 1_000_000_000L, new byte[] {(byte) 0xab, (byte) 0xcd});
        // CRC32C of the first 22 bytes, checked independently with Python's crc32c tables
        assertThat(HexFormat.of().formatHex(entry)).isEqualTo(
                "4d504643" + "01" + "01" + "00" + "00" + "000000003b9aca00" + "00000002" + "abcd" + "c5e0e522");
    }

    @Test
    void nullValueHasAFlagAndNoPayload() throws CorruptEntryException {
        EntryFormat.Parsed parsed = EntryFormat.parse(EntryFormat.encode((byte) 1, 5, null));
        assertThat(parsed.isNull()).isTrue();
        assertThat(parsed.payload()).isEmpty();
        assertThat(parsed.computeNanos()).isEqualTo(5);
    }

    @Test
    void everyDamageIsDetected() {
        byte[] good = EntryFormat.encode((byte) 1, 42, "payload".getBytes());
        assertThatThrownBy(() -> EntryFormat.parse(new byte[0])).hasMessageContaining("truncated");
        assertThatThrownBy(() -> EntryFormat.parse(Arrays.copyOf(good, good.length - 1))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> EntryFormat.parse(Arrays.copyOf(good, good.length + 3))).hasMessageContaining("does not match");
        assertThatThrownBy(() -> EntryFormat.parse(new byte[good.length])).hasMessageContaining("magic");
        byte[] newer = good.clone();
        newer[4] = 9;
        assertThatThrownBy(() -> EntryFormat.parse(newer)).hasMessageContaining("version 9");
        for (int i = 8; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> EntryFormat.parse(flipped)).isInstanceOf(CorruptEntryException.class);
            }
        }
    }
}
