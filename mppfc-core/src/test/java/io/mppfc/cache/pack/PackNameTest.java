package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A pack's name told by code ({@link PackNames#isName}) exactly as the pattern {@link PackSet#NAME} tells it. */
class PackNameTest {

    private static final String GOOD = "pack-00000000001f-00112233aabbccdd.mpk";

    @Test
    void everyNameIsAPacksExactlyWhenThePatternSaysSo() {
        List<String> names = new ArrayList<>(List.of(GOOD, "pack-abcdef012345-0123456789abcdef.mpk",
                "pack-00000000001F-00112233aabbccdd.mpk", "pack-00000000001f-00112233AABBCCDD.mpk",
                "pack-00000000001f_00112233aabbccdd.mpk", "pack-00000000001f-00112233aabbccdd.mpk\n",
                "\npack-00000000001f-00112233aabbccdd.mpk", "pack-00000000001f-00112233aabbccd.mpk",
                "pack-00000000001f-00112233aabbccdde.mpk", "pack-0000000001f-00112233aabbccdde.mpk",
                "pack-00000000001f-00112233aabbccdd.mpkx", "pack-00000000001f-00112233aabbccdd.MPK",
                "Pack-00000000001f-00112233aabbccdd.mpk", "pack-00000000001g-00112233aabbccdd.mpk",
                "pack-٠٠٠٠٠٠٠٠٠٠1f-00112233aabbccdd.mpk", "pack-00000000001f-00112233aabbccdd.mpk.used",
                ".tmp-pack-00000000001f-00112233aabbccdd.mpk", "", "pack-", ".mpk", "pack-00000000001f-.mpk"));
        Random random = new Random(41);
        String alphabet = "0123456789abcdefABCDEFgx-._/\n ";
        for (int i = 0; i < 20_000; i++) { // a good name with one or two characters changed, dropped or added
            StringBuilder name = new StringBuilder(GOOD);
            for (int change = random.nextInt(2); change >= 0; change--) {
                int at = random.nextInt(name.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> name.setCharAt(at, c);
                    case 1 -> name.deleteCharAt(at);
                    default -> name.insert(at, c);
                }
            }
            names.add(name.toString());
        }

        for (String name : names) {
            assertThat(PackNames.isName(name)).as(name).isEqualTo(PackSet.NAME.matcher(name).matches());
        }
    }

    @Test
    void theGenerationIsReadFromAPacksNameAndIsMinusOneForAnyOtherName() {
        assertThat(PackSet.generation(Path.of("/c/f/packs", PackWriter.name(0xabcdef012345L, "0011223344556677"))))
                .isEqualTo(0xabcdef012345L);
        assertThat(PackSet.generation(Path.of(GOOD))).isEqualTo(0x1f);
        assertThat(PackSet.generation(Path.of("pack-00000000001F-00112233aabbccdd.mpk"))).isEqualTo(-1);
        assertThat(PackSet.generation(Path.of("notes.txt"))).isEqualTo(-1);
    }
}
