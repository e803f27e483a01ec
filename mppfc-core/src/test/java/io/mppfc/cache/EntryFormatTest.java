package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EntryFormatTest {

    private static byte[] payloadOf(EntryFormat.Parsed parsed) {
        byte[] bytes = new byte[parsed.payload().remaining()];
        parsed.payload().duplicate().get(bytes);
        return bytes;
    }

    @Test
    void version4BytesAreFrozenAndNameTheirKeyAndFunctionDirectory() throws CorruptEntryException {
        byte[] keyBytes = new byte[32];
        for (int i = 0; i < 32; i++) {
            keyBytes[i] = (byte) i;
        }
        CacheKey key = CacheKey.of(keyBytes);
        byte[] function = EntryFormat.functionId(java.nio.file.Path.of("cache", "f@0123456789abcdef"));
        byte[] entry = EntryFormat.encode(key, function, (byte) 1, EntryFormat.FLAG_ZSTD, 1_000_000_000L,
                1_764_727_636_992L, new byte[] {1, 2, 3}, new byte[] {(byte) 0xab, (byte) 0xcd});
        // the function id (SHA-256 of the name, first 16 bytes) and the CRC32C computed independently in Python
        assertThat(HexFormat.of().formatHex(entry)).isEqualTo("4d504643" + "04" + "01" + "02" + "00"
                + "000000003b9aca00" + "00000002" + "00000003" + "0000019ae1f6c400"
                + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" + "10fd14cc495d09406786b156c0f82ed2"
                + "010203" + "abcd" + "2b093345");
        assertThat(EntryFormat.parse(entry, entry.length, key, function).footprint()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> EntryFormat.parse(entry, entry.length, CacheKey.of(new byte[32]), function))
                .hasMessageContaining("another key");
        byte[] otherFunction = EntryFormat.functionId(java.nio.file.Path.of("cache", "f@0123456789abcdee"));
        assertThatThrownBy(() -> EntryFormat.parse(entry, entry.length, key, otherFunction))
                .hasMessageContaining("another function or code version");
    }

    @Test
    void aVersionAboveTheReadersIsNewerNotDamage() {
        byte[] newer = OldEntries.v3((byte) 1, (byte) 0, 42, 1L, new byte[0], new byte[] {1});
        newer[4] = 5;
        assertThatThrownBy(() -> EntryFormat.parse(newer)).isInstanceOf(NewerFormatException.class)
                .hasMessageContaining("version 5").hasMessageContaining("newer mppfc");
    }

    @Test
    void version3BytesAreFrozen() throws CorruptEntryException {
        byte[] entry = OldEntries.v3((byte) 1, EntryFormat.FLAG_ZSTD, 1_000_000_000L, 1_764_727_636_992L,
                new byte[] {1, 2, 3}, new byte[] {(byte) 0xab, (byte) 0xcd});
        // CRC32C of the first 37 bytes, computed independently (bitwise, polynomial 0x82F63B78) in Python
        assertThat(HexFormat.of().formatHex(entry)).isEqualTo("4d504643" + "03" + "01" + "02" + "00"
                + "000000003b9aca00" + "00000002" + "00000003" + "0000019ae1f6c400" + "010203" + "abcd" + "ef3b64ad");
        assertThat(EntryFormat.parse(entry).storedAtMillis()).isEqualTo(1_764_727_636_992L);
    }

    @Test
    void version2EntriesAreStillReadWithAnUnknownStoredTime() throws CorruptEntryException {
        byte[] v2 = HexFormat.of().parseHex("4d504643" + "02" + "01" + "02" + "00" + "000000003b9aca00" + "00000002"
                + "00000003" + "010203" + "abcd" + "f9dc881b");
        EntryFormat.Parsed parsed = EntryFormat.parse(v2);
        assertThat(parsed.footprint()).containsExactly(1, 2, 3);
        assertThat(payloadOf(parsed)).containsExactly(0xab, 0xcd);
        assertThat(parsed.storedAtMillis()).isZero();
        assertThat(EntryFormat.declaredLength(ByteBuffer.wrap(v2), 0)).isEqualTo(v2.length);
    }

    @Test
    void version1EntriesOfMppfc01AreStillRead() throws CorruptEntryException {
        byte[] v1 = HexFormat.of().parseHex(
                "4d504643" + "01" + "01" + "00" + "00" + "000000003b9aca00" + "00000002" + "abcd" + "c5e0e522");
        EntryFormat.Parsed parsed = EntryFormat.parse(v1);
        assertThat(parsed.codecId()).isEqualTo((byte) 1);
        assertThat(parsed.computeNanos()).isEqualTo(1_000_000_000L);
        assertThat(parsed.footprint()).isEmpty();
        assertThat(payloadOf(parsed)).containsExactly(0xab, 0xcd);
        byte[] flaggedV1 = v1.clone();
        flaggedV1[6] = EntryFormat.FLAG_ZSTD; // a flag version 1 never had
        assertThatThrownBy(() -> EntryFormat.parse(flaggedV1)).isInstanceOf(CorruptEntryException.class);
    }

    @Test
    void theFootprintAndThePayloadAreReadBack() throws CorruptEntryException {
        EntryFormat.Parsed parsed = EntryFormat.parse(OldEntries.v3((byte) 1, (byte) 0, 7, 1L, new byte[] {9, 8},
                new byte[] {5}));
        assertThat(parsed.footprint()).containsExactly(9, 8);
        assertThat(payloadOf(parsed)).containsExactly(5);
        assertThat(parsed.compressed()).isFalse();
    }

    @Test
    void nullValueHasAFlagAndNoPayload() throws CorruptEntryException {
        EntryFormat.Parsed parsed = EntryFormat.parse(OldEntries.v3((byte) 1, 5, null));
        assertThat(parsed.isNull()).isTrue();
        assertThat(parsed.payload().remaining()).isZero();
        assertThat(parsed.computeNanos()).isEqualTo(5);
    }

    @Test
    void everyDamageIsDetected() {
        byte[] good = OldEntries.v3((byte) 1, (byte) 0, 42, 1L, new byte[] {1, 2, 3}, "payload".getBytes());
        assertThatThrownBy(() -> EntryFormat.parse(new byte[0])).hasMessageContaining("truncated");
        assertThatThrownBy(() -> EntryFormat.parse(Arrays.copyOf(good, good.length - 1))).hasMessageContaining("do not match");
        assertThatThrownBy(() -> EntryFormat.parse(Arrays.copyOf(good, good.length + 3))).hasMessageContaining("do not match");
        assertThatThrownBy(() -> EntryFormat.parse(new byte[good.length])).hasMessageContaining("magic");
        byte[] unknown = good.clone();
        unknown[4] = 0;
        assertThatThrownBy(() -> EntryFormat.parse(unknown)).hasMessageContaining("version 0")
                .isNotInstanceOf(NewerFormatException.class);
        for (int i = 5; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = good.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> EntryFormat.parse(flipped)).isInstanceOf(CorruptEntryException.class);
            }
        }
    }

    @Test
    void aFootprintLongerThanEntriesStoreIsDamage() {
        ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER + EntryFormat.MAX_FOOTPRINT + 1 + EntryFormat.TRAILER);
        header.putInt(EntryFormat.MAGIC).put(EntryFormat.VERSION).put((byte) 1).put((byte) 0).put((byte) 0).putLong(0)
                .putInt(0).putInt(EntryFormat.MAX_FOOTPRINT + 1).putLong(0);
        assertThatThrownBy(() -> EntryFormat.parse(header.array())).hasMessageContaining("invalid header");
    }
}
