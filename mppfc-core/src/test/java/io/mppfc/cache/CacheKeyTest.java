package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    @Test
    void anEntryIsNamedByItsKeyInADirectoryOfItsFirstTwelveBits() {
        CacheKey key = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
        assertThat(key.directoryName()).isEqualTo("c88");
        assertThat(CacheKey.of(new byte[32]).directoryName()).isEqualTo("000");
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        assertThat(CacheKey.of(ones).directoryName()).isEqualTo("fff");
    }

    @Test
    void entryFilesKeepTheirLowerCaseNamesWhateverTheBytes() {
        Random random = new Random(12);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            assertThat(CacheKey.of(bytes).hex()).isEqualTo(HexFormat.of().formatHex(bytes)); // the names caches hold
        }
    }

    @Test
    void keysAreValues() {
        byte[] bytes = new byte[32];
        bytes[5] = 7;
        CacheKey key = CacheKey.of(bytes);
        bytes[5] = 8;
        assertThat(key).isEqualTo(CacheKey.ofHex(key.hex())).hasSameHashCodeAs(CacheKey.ofHex(key.hex()));
        assertThat(key.bytes()[5]).isEqualTo((byte) 7);
        assertThatThrownBy(() -> CacheKey.of(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CacheKey.ofHex("abc")).hasMessageContaining("64 hex digits");
    }
}
