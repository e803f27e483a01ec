package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.FootprintException;
import io.mppfc.Footprinted;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FootprintRefusalTest {

    record Holder(Object payload) {
    }

    @Test
    void unsupportedValueIsNamedWithItsPath() {
        Object argument = Map.of("a", List.of(1, 2, 3, Thread.currentThread()));
        assertThatThrownBy(() -> Footprint.ofArguments("x", argument))
                .isInstanceOf(FootprintException.class)
                .hasMessage("argument 2 \u2192 map value for key \"a\" \u2192 element 3: java.lang.Thread is not supported; "
                        + "use a record, a supported collection, or implement io.mppfc.Footprinted");
    }

    @Test
    void pathsThroughRecordsOptionalsSetsAndMapKeys() {
        assertThatThrownBy(() -> Footprint.of(new Holder(Optional.of(new AtomicInteger()))))
                .hasMessageStartingWith("value \u2192 component payload of io.mppfc.footprint.FootprintRefusalTest$Holder"
                        + " \u2192 optional value: java.util.concurrent.atomic.AtomicInteger is not supported");
        assertThatThrownBy(() -> Footprint.of(java.util.Set.of(new Object())))
                .hasMessageStartingWith("value \u2192 set element java.lang.Object@");
        assertThatThrownBy(() -> Footprint.of(Map.of(new StringBuilder("sb"), 1)))
                .hasMessageStartingWith("value \u2192 map key \"sb\": java.lang.StringBuilder is not supported");
    }

    @Test
    void lambdaIsRefused() {
        Runnable r = () -> { };
        assertThatThrownBy(() -> Footprint.of(r)).isInstanceOf(FootprintException.class).hasMessageContaining("is not supported");
    }

    @Test
    void cycleIsRefusedClearly() {
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        assertThatThrownBy(() -> Footprint.of(list)).isInstanceOf(FootprintException.class)
                .hasMessage("value \u2192 element 1: the value contains itself (a cycle through a java.util.ArrayList); "
                        + "cyclic values cannot be keyed");
    }

    @Test
    void absurdDepthIsRefusedWithoutStackOverflow() {
        Object nested = 1;
        for (int i = 0; i < 100_000; i++) {
            nested = List.of(nested);
        }
        Object deep = nested;
        assertThatThrownBy(() -> Footprint.of(deep)).isInstanceOf(FootprintException.class)
                .hasMessageContaining("nested deeper than 256 levels");
    }

    @Test
    void malformedBytesGiveFootprintExceptions() {
        assertThatThrownBy(() -> Footprint.load(new byte[0])).hasMessageContaining("no bytes");
        assertThatThrownBy(() -> Footprint.load(new byte[] {2, 0})).hasMessageContaining("format version 2");
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex("0124ffffffff")))
                .isInstanceOf(FootprintException.class).hasMessageContaining("exceeds the bytes left");
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex("01050000")))
                .isInstanceOf(FootprintException.class).hasMessageContaining("needs 4 more bytes");
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex("0105000000010000")))
                .hasMessageContaining("trailing bytes");
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex("01ee"))).hasMessageContaining("unknown tag 0xee");
        assertThatThrownBy(() -> Footprint.load(Footprint.of(new Labelled("x")))).hasMessageContaining("cannot be rebuilt");
    }

    @Test
    void classNamesThatDoNotFitTheirTagAreRefused() {
        String notARecord = "01" + "40" + str("java.lang.String") + "00000000";
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex(notARecord)))
                .isInstanceOf(FootprintException.class).hasMessageContaining("java.lang.String is not a record");
        String missingClass = "01" + "40" + str("com.example.Gone") + "00000000";
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex(missingClass)))
                .hasMessageContaining("class com.example.Gone is not on the classpath");
        String unknownConstant = "01" + "14" + str("java.time.DayOfWeek") + str("FUNDAY");
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex(unknownConstant)))
                .hasMessageContaining("java.time.DayOfWeek has no constant FUNDAY");
        String renamedComponent = HexFormat.of().formatHex(Footprint.of(new Holder(1)))
                .replace(HexFormat.of().formatHex("payload".getBytes()), HexFormat.of().formatHex("paydirt".getBytes()));
        assertThatThrownBy(() -> Footprint.load(HexFormat.of().parseHex(renamedComponent)))
                .hasMessageContaining("component 0 is payload, not paydirt");
    }

    private static String str(String s) {
        return String.format("%08x", s.length()) + HexFormat.of().formatHex(s.getBytes());
    }

    @Test
    void randomAndMutatedBytesOnlyEverGiveFootprintExceptions() {
        Random random = new Random(42);
        List<byte[]> seeds = List.of(Footprint.of(Map.of("a", List.of(1, 2.0, "x"))), Footprint.of(new Holder(new int[] {1, 2})),
                Footprint.of(java.time.ZonedDateTime.parse("2024-01-01T00:00Z[UTC]")), Footprint.ofArguments(1, "b", 3L));
        int loaded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input;
            if (i % 2 == 0) {
                input = new byte[random.nextInt(40)];
                random.nextBytes(input);
                if (input.length > 0) {
                    input[0] = Footprint.FORMAT_VERSION;
                }
            } else {
                input = seeds.get(random.nextInt(seeds.size())).clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                Footprint.load(input);
                loaded++;
            } catch (FootprintException expected) {
                // the only documented failure
            }
        }
        assertThat(loaded).isPositive();
    }
}
