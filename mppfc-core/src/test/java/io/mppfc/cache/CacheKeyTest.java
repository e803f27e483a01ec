package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

    @Test
    void keyBitsSplitInto14And14AndTheRest() {
        CacheKey key = CacheKey.ofHex("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
        // c8 85 12 bd = 1100 1000 1000 0101 0001 0010 1011 1101
        // first 14 bits 11001000100001 = 0x3221, next 14 bits 01000100101011 = 0x112b, then 1101 = d
        assertThat(key.level1()).isEqualTo("3221");
        assertThat(key.level2()).isEqualTo("112b");
        assertThat(key.fileName()).isEqualTo("db040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
    }

    @Test
    void extremeKeysStayWithin3fff() {
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        CacheKey max = CacheKey.of(ones);
        assertThat(max.level1()).isEqualTo("3fff");
        assertThat(max.level2()).isEqualTo("3fff");
        assertThat(max.fileName()).hasSize(57).matches("f+");
        CacheKey zero = CacheKey.of(new byte[32]);
        assertThat(zero.level1() + zero.level2()).isEqualTo("00000000");
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
