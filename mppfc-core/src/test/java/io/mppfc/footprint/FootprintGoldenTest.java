package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Footprinted;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Freezes format version 1: a key written today must be found by every later version, so
 * these bytes must never change. A failure here means existing caches would be orphaned.
 */
class FootprintGoldenTest {

    enum Color { RED, GREEN }

    record Pt(int x, String label) {
    }

    static Stream<Arguments> golden() {
        LocalDateTime leapDay = LocalDateTime.of(2024, 2, 29, 1, 2, 3, 4);
        return Stream.of(
                Arguments.of("null", null, "0100"),
                Arguments.of("boolean", true, "010101"),
                Arguments.of("byte", (byte) -2, "0102fe"),
                Arguments.of("short", (short) 258, "01030102"),
                Arguments.of("char", 'A', "01040041"),
                Arguments.of("int", 1, "010500000001"),
                Arguments.of("long", 1L, "01060000000000000001"),
                Arguments.of("float", 1.0f, "01073f800000"),
                Arguments.of("double", 1.0, "01083ff0000000000000"),
                Arguments.of("negative zero", -0.0, "01088000000000000000"),
                Arguments.of("NaN with payload", Double.longBitsToDouble(0x7ff8000000000123L), "01087ff8000000000000"),
                Arguments.of("float NaN", Float.intBitsToFloat(0x7fc00001), "01077fc00000"),
                Arguments.of("string", "h\u00e9", "01100000000368c3a9"),
                Arguments.of("BigInteger", new BigInteger("-129"), "011100000002ff7f"),
                Arguments.of("BigDecimal", new BigDecimal("1.20"), "0112000000020000000178"),
                Arguments.of("UUID", new UUID(1, 2), "011300000000000000010000000000000002"),
                Arguments.of("enum", Color.GREEN, "0114" + str("io.mppfc.footprint.FootprintGoldenTest$Color")
                        + str("GREEN")),
                Arguments.of("boolean[]", new boolean[] {true, false}, "0120000000020100"),
                Arguments.of("byte[]", new byte[] {1, 2}, "0121000000020102"),
                Arguments.of("short[]", new short[] {1}, "0122000000010001"),
                Arguments.of("char[]", new char[] {'x'}, "0123000000010078"),
                Arguments.of("int[]", new int[] {1, 2}, "0124000000020000000100000002"),
                Arguments.of("long[]", new long[] {3}, "0125000000010000000000000003"),
                Arguments.of("float[]", new float[] {0.5f}, "0126000000013f000000"),
                Arguments.of("double[]", new double[] {0.5}, "0127000000013fe0000000000000"),
                Arguments.of("Object[]", new Object[] {1, "a"}, "0128000000020500000001100000000161"),
                Arguments.of("List", List.of(1, "a"), "0130000000020500000001100000000161"),
                Arguments.of("Set", new LinkedHashSet<>(List.of("b", "a")), "013100000002100000000161100000000162"),
                Arguments.of("Map", new LinkedHashMap<>(Map.of("k", 1)), "01320000000110000000016b0500000001"),
                Arguments.of("Optional", Optional.of(2), "0133010500000002"),
                Arguments.of("empty Optional", Optional.empty(), "013300"),
                Arguments.of("record", new Pt(7, "p"), "0140" + str("io.mppfc.footprint.FootprintGoldenTest$Pt")
                        + "00000002" + str("x") + "0500000007" + str("label") + "10" + str("p")),
                Arguments.of("Footprinted", new Labelled("k"), "0141" + str("io.mppfc.footprint.Labelled") + "10" + str("k")),
                Arguments.of("Instant", Instant.ofEpochSecond(1, 2), "0150000000000000000100000002"),
                Arguments.of("Duration", Duration.ofSeconds(3, 4), "0151000000000000000300000004"),
                Arguments.of("LocalDate", LocalDate.of(2024, 2, 29), "0152000007e8021d"),
                Arguments.of("LocalTime", LocalTime.of(1, 2, 3, 4), "015300000362d417ae04"),
                Arguments.of("LocalDateTime", leapDay, "0154000007e8021d00000362d417ae04"),
                Arguments.of("OffsetDateTime", OffsetDateTime.of(leapDay, ZoneOffset.ofHours(2)),
                        "0155000007e8021d00000362d417ae0400001c20"),
                Arguments.of("ZonedDateTime", ZonedDateTime.of(leapDay, ZoneId.of("Europe/Berlin")),
                        "0156000007e8021d00000362d417ae0400000e10" + str("Europe/Berlin")),
                Arguments.of("OffsetTime", OffsetTime.of(1, 2, 3, 4, ZoneOffset.ofHours(-1)), "015700000362d417ae04fffff1f0"),
                Arguments.of("ZoneOffset", ZoneOffset.ofHours(1), "015800000e10"),
                Arguments.of("ZoneId", ZoneId.of("UTC"), "015900000003555443"),
                Arguments.of("Period", Period.of(1, 2, 3), "015a000000010000000200000003"),
                Arguments.of("Year", Year.of(2024), "015b000007e8"),
                Arguments.of("YearMonth", YearMonth.of(2024, 5), "015c000007e805"),
                Arguments.of("MonthDay", MonthDay.of(12, 24), "015d0c18"));
    }

    /** A length-prefixed UTF-8 string, spelled out so the expected bytes stay readable. */
    private static String str(String s) {
        byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return String.format("%08x", utf8.length) + HexFormat.of().formatHex(utf8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void footprintBytesAreFrozen(String type, Object value, String hex) {
        assertThat(HexFormat.of().formatHex(Footprint.of(value))).isEqualTo(hex);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void everyGoldenValueExceptFootprintedLoadsBackToTheSameFootprint(String type, Object value, String hex) {
        if (value instanceof Footprinted) {
            return;
        }
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Footprint.of(Footprint.load(bytes))).isEqualTo(bytes);
    }

    @org.junit.jupiter.api.Test
    void argumentListBytesAreFrozen() {
        assertThat(HexFormat.of().formatHex(Footprint.ofArguments(1, "a"))).isEqualTo("01000000020500000001100000000161");
    }

    @org.junit.jupiter.api.Test
    void sha256IsOfTheFootprint() {
        assertThat(HexFormat.of().formatHex(Footprint.sha256(1)))
                .isEqualTo(HexFormat.of().formatHex(Footprint.sha256().digest(HexFormat.of().parseHex("010500000001"))));
    }
}
