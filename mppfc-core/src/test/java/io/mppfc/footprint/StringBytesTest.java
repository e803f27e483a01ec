package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.FootprintException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StringBytesTest {

    @Test
    void aLoneSurrogateIsKeyedApartFromTheQuestionMarkUtf8WritesForIt() {
        assertThat(Footprint.of("\uD800")).isNotEqualTo(Footprint.of("?"));
        assertThat(Footprint.of("a\uDC00b")).isNotEqualTo(Footprint.of("a?b"));
        assertThat(Footprint.of("\uD800")).isNotEqualTo(Footprint.of("\uDBFF"));
        assertThat(Footprint.ofArguments("\uD83D", 1)).isNotEqualTo(Footprint.ofArguments("\uD83E", 1));
    }

    @Test
    void validStringsKeepTheirUtf8BytesSoNoExistingKeyChanged() {
        for (String s : new String[] {"", "plain", "grüße", "数据", "\uD83D\uDE00 emoji", "\u0000nul"}) {
            assertThat(StringBytes.of(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyStringComesBackExactly() {
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            char[] chars = new char[random.nextInt(6)];
            for (int i = 0; i < chars.length; i++) {
                // mostly surrogates, the rest anywhere: lone ones, pairs, and pairs the wrong way round
                chars[i] = (char) (random.nextBoolean() ? 0xD7FE + random.nextInt(0x804) : random.nextInt(0x10000));
            }
            String s = new String(chars);
            assertThat(StringBytes.read(StringBytes.of(s))).isEqualTo(s);
            assertThat(Footprint.load(Footprint.of(s))).isEqualTo(s);
        }
    }

    @Test
    void bytesThatAreNoStringsEncodingAreRefused() {
        String[] notCanonical = {
            "eda080edb080", // a surrogate pair written as two surrogates (CESU-8)
            "c0af", // an overlong '/'
            "e080af", // another
            "f4908080", // past U+10FFFF
            "ed", // cut short
            "80", // a continuation byte first
            "ff",
        };
        for (String hex : notCanonical) {
            assertThat(StringBytes.read(HexFormat.of().parseHex(hex))).as(hex).isNull();
        }
        byte[] footprint = Footprint.of("\uD800\uDC00");
        byte[] cesu = HexFormat.of().parseHex("01" + "10" + "00000006" + "eda080edb080");
        assertThat(footprint).isNotEqualTo(cesu);
        assertThatThrownBy(() -> Footprint.load(cesu)).isInstanceOf(FootprintException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void jsonShowsALoneSurrogateAsAnEscapeAndAPairAsItsCharacter() {
        assertThat(Footprint.argumentsAsJson(Footprint.ofArguments("a\uD800b", "\uD83D\uDE00")))
                .isEqualTo("[\"a\\ud800b\", \"\uD83D\uDE00\"]");
    }
}
