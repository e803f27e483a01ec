package io.mppfc.cache.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The order of a pack's index: by unsigned prefix, however the prefixes share their top bits. */
class PackIndexOrderTest {

    private static long[] prefixesInOrder(long[] prefixes, int[] order) {
        return Arrays.stream(order).mapToLong(i -> prefixes[i]).toArray();
    }

    private static long[] unsignedSorted(long[] prefixes) {
        return Arrays.stream(prefixes).boxed().sorted(Comparator.comparing(p -> p, Long::compareUnsigned))
                .mapToLong(Long::longValue).toArray();
    }

    @Test
    void prefixesSharingTheirTopFortyBitsOrBeingEqualAreOrderedByTheWholePrefixAsUnsigned() {
        Random random = new Random(31);
        int count = 5_000;
        long[] prefixes = new long[count];
        for (int i = 0; i < count; i++) {
            long top = (random.nextInt(40) - 20L) << 24; // few tops, both signs: long runs that share them
            prefixes[i] = i % 7 == 0 ? prefixes[Math.max(0, i - 3)] : top | random.nextInt(1 << 24);
        }

        int[] order = PackWriter.indexOrder(prefixes, count);

        assertThat(IntStream.of(order).sorted().toArray()).as("every record once").isEqualTo(IntStream.range(0, count).toArray());
        assertThat(prefixesInOrder(prefixes, order)).isEqualTo(unsignedSorted(prefixes));
    }

    @Test
    void randomPrefixesAreOrderedAsUnsigned() {
        Random random = new Random(7);
        long[] prefixes = random.longs(20_000).toArray();

        assertThat(prefixesInOrder(prefixes, PackWriter.indexOrder(prefixes, prefixes.length)))
                .isEqualTo(unsignedSorted(prefixes));
    }

    @Test
    void aPackNameHoldsItsGenerationInTwelveHexDigitsAsTheListingExpects() {
        assertThat(PackWriter.name(0x1f, "00112233aabbccdd")).isEqualTo("pack-00000000001f-00112233aabbccdd.mpk")
                .matches(PackSet.NAME);
        assertThat(PackSet.generation(java.nio.file.Path.of(PackWriter.name(0xabcdef012345L, "0011223344556677"))))
                .isEqualTo(0xabcdef012345L);
    }
}
