package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.FootprintException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FootprintJsonTest {

    record Point(double x, String label) {
    }

    enum Mode { FAST, EXACT }

    private static String json(Object... arguments) {
        return Footprint.argumentsAsJson(Footprint.ofArguments(arguments));
    }

    @Test
    void scalarsAreJsonValuesAndNonFiniteNumbersStrings() {
        assertThat(json(1, 2L, 0.5, true, "a\"b\n", null)).isEqualTo("[1, 2, 0.5, true, \"a\\\"b\\n\", null]");
        assertThat(json(Double.NaN, Double.NEGATIVE_INFINITY)).isEqualTo("[\"NaN\", \"-Infinity\"]");
        assertThat(json(new BigDecimal("1.50"), LocalDate.of(2026, 12, 2))).isEqualTo("[1.50, \"2026-12-02\"]");
    }

    @Test
    void recordsAreObjectsNamingTheirClassAsJavaSourceDoesAndEnumsTheirConstant() {
        assertThat(json(new Point(1.5, "p"), Mode.EXACT)).isEqualTo(
                "[{\"@record\": \"io.mppfc.footprint.FootprintJsonTest.Point\", \"x\": 1.5, \"label\": \"p\"}, \"EXACT\"]");
    }

    @Test
    void containersNestAndMapsWithOtherKeysArePairs() {
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("a", List.of(1, 2));
        byName.put("b", Optional.empty());
        assertThat(json(byName, Map.of(1, "one"), Set.of(), new double[] {0.5, 1}, new Object[] {Optional.of(3)}))
                .isEqualTo("[{\"a\": [1, 2], \"b\": null}, [[1, \"one\"]], [], [0.5, 1.0], [3]]");
    }

    @Test
    void noClassIsLoaded() {
        byte[] footprint = Footprint.ofArguments(new Point(1, "q"));
        String binaryName = Point.class.getName();
        byte[] renamed = new String(footprint, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace(binaryName, binaryName.replace("Point", "Pxint"))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(Footprint.argumentsAsJson(renamed)).contains("FootprintJsonTest.Pxint");
        assertThatThrownBy(() -> Footprint.loadArguments(renamed)).isInstanceOf(FootprintException.class);
    }

    @Test
    void malformedBytesAreAFootprintException() {
        assertThatThrownBy(() -> Footprint.argumentsAsJson(new byte[] {1, 0, 0, 0, 5}))
                .isInstanceOf(FootprintException.class);
    }
}
