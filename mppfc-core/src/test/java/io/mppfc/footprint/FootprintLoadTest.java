package io.mppfc.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FootprintLoadTest {

    enum Mode { FAST, EXACT { @Override public String toString() {
        return "exact"; } } }

    record Params(double x, List<Integer> grid, Mode mode, Optional<String> label) {
    }

    @Test
    void nestedValuesRoundTrip() {
        Map<String, Object> value = new HashMap<>();
        value.put("params", new Params(1.5, List.of(1, 2), Mode.EXACT, Optional.of("l")));
        value.put("when", Instant.parse("2026-11-24T06:00:00Z"));
        value.put("amount", new BigDecimal("12.50"));
        value.put("tags", Set.of("b", "a"));
        value.put("nothing", null);
        Object loaded = Footprint.load(Footprint.of(value));
        assertThat(loaded).isEqualTo(value);
    }

    @Test
    void argumentsRoundTripWithNulls() {
        Object[] arguments = Footprint.loadArguments(Footprint.ofArguments(1, null, List.of("x"), new double[] {0.5}));
        assertThat(arguments).hasSize(4);
        assertThat(arguments[0]).isEqualTo(1);
        assertThat(arguments[1]).isNull();
        assertThat(arguments[2]).isEqualTo(List.of("x"));
        assertThat((double[]) arguments[3]).containsExactly(0.5);
    }

    @Test
    void listsMayHoldNull() {
        assertThat(Footprint.load(Footprint.of(java.util.Arrays.asList(1, null)))).isEqualTo(java.util.Arrays.asList(1, null));
    }
}
