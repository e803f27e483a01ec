package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FootprintCanonicalTest {

    private static String hex(Object value) {
        return HexFormat.of().formatHex(Footprint.of(value));
    }

    @Test
    void numbersOfDifferentTypesDiffer() {
        Set<String> footprints = new HashSet<>(List.of(hex(1), hex(1L), hex(1.0f), hex(1.0), hex((short) 1),
                hex((byte) 1), hex(java.math.BigInteger.ONE), hex(BigDecimal.ONE), hex('\u0001'), hex(true)));
        assertThat(footprints).hasSize(10);
    }

    @Test
    void listAndArrayWithEqualElementsDiffer() {
        assertThat(hex(List.of(1, 2))).isNotEqualTo(hex(new Object[] {1, 2}));
        assertThat(hex(new int[] {1, 2})).isNotEqualTo(hex(new Object[] {1, 2}));
        assertThat(hex(new int[] {1, 2})).isNotEqualTo(hex(new long[] {1, 2}));
        assertThat(hex(List.of(1, 2))).isNotEqualTo(hex(Set.of(1, 2)));
    }

    @Test
    void negativeZeroDiffersFromZeroAndAllNaNsAreOne() {
        assertThat(hex(-0.0)).isNotEqualTo(hex(0.0));
        assertThat(hex(-0.0f)).isNotEqualTo(hex(0.0f));
        assertThat(hex(Double.NaN)).isEqualTo(hex(Double.longBitsToDouble(0xfff8000000000001L)));
        assertThat(hex(new double[] {Double.NaN})).isEqualTo(hex(new double[] {Double.longBitsToDouble(0x7ff0000000000001L)}));
    }

    @Test
    void bigDecimalScaleMatters() {
        assertThat(hex(new BigDecimal("1.0"))).isNotEqualTo(hex(new BigDecimal("1.00")));
        assertThat(hex(new BigDecimal("1.00").stripTrailingZeros())).isEqualTo(hex(new BigDecimal("1")));
    }

    @Test
    void hashMapAndTreeMapWithEqualContentGiveTheSameBytes() {
        Map<String, Integer> hash = new HashMap<>();
        Map<String, Integer> tree = new TreeMap<>(Collections.reverseOrder());
        for (int i = 0; i < 100; i++) {
            hash.put("k" + i, i);
            tree.put("k" + i, i);
        }
        assertThat(hex(hash)).isEqualTo(hex(tree));
        assertThat(hex(new HashSet<>(hash.keySet()))).isEqualTo(hex(new TreeSet<>(tree.keySet())));
    }

    @Test
    void randomMapsAndSetsBuiltInShuffledOrderGiveIdenticalBytes() {
        Random random = new Random(20261124);
        for (int round = 0; round < 300; round++) {
            List<Object> keys = new ArrayList<>();
            int size = random.nextInt(30);
            for (int i = 0; i < size; i++) {
                keys.add(randomScalar(random));
            }
            Map<Object, Object> first = new LinkedHashMap<>();
            Set<Object> firstSet = new LinkedHashSet<>();
            for (Object k : keys) {
                first.put(k, List.of(k, random.nextInt(3)));
                firstSet.add(k);
            }
            List<Object> shuffled = new ArrayList<>(first.keySet());
            Collections.shuffle(shuffled, random);
            Map<Object, Object> second = new LinkedHashMap<>();
            Set<Object> secondSet = new LinkedHashSet<>();
            for (Object k : shuffled) {
                second.put(k, first.get(k));
                secondSet.add(k);
            }
            assertThat(Footprint.of(second)).isEqualTo(Footprint.of(first));
            assertThat(Footprint.of(secondSet)).isEqualTo(Footprint.of(firstSet));
            assertThat(Footprint.of(Map.of("nested", second))).isEqualTo(Footprint.of(Map.of("nested", first)));
        }
    }

    @Test
    void distinctRandomValuesGiveDistinctBytes() {
        Random random = new Random(7);
        Map<String, Object> seen = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            Object value = random.nextBoolean() ? randomScalar(random) : List.of(randomScalar(random), randomScalar(random));
            Object previous = seen.putIfAbsent(hex(value), value);
            if (previous != null) {
                assertThat(deepEquals(previous, value)).as("%s and %s share a footprint", previous, value).isTrue();
            }
        }
    }

    private static boolean deepEquals(Object a, Object b) {
        return a.equals(b) || (a instanceof Double x && b instanceof Double y && x.isNaN() && y.isNaN());
    }

    static Object randomScalar(Random random) {
        switch (random.nextInt(6)) {
            case 0: return random.nextInt(50);
            case 1: return (long) random.nextInt(50);
            case 2: return random.nextInt(50) / 4.0;
            case 3: return "s" + random.nextInt(50);
            case 4: return random.nextInt(10) / 2.0f;
            default: return random.nextBoolean();
        }
    }

    @Test
    void footprintedValuesWithEqualKeyValuesShareAKey() {
        assertThat(hex(new Labelled("a"))).isEqualTo(hex(new Labelled("a")));
        assertThat(hex(new Labelled("a"))).isNotEqualTo(hex(new Labelled("b")));
        assertThat(hex(new Labelled("a"))).isNotEqualTo(hex("a"));
    }

    @Test
    void theSameObjectTwiceIsNotACycle() {
        List<Integer> shared = List.of(1, 2);
        assertThat(Footprint.load(Footprint.of(List.of(shared, shared)))).isEqualTo(List.of(shared, shared));
    }
}
