package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConvertersTest {

    @Test
    void sizesInBytesAndBinaryUnits() {
        Sizes sizes = new Sizes();
        assertThat(sizes.convert("175")).isEqualTo(175L);
        assertThat(sizes.convert("10G")).isEqualTo(10L << 30);
        assertThat(sizes.convert("500M")).isEqualTo(500L << 20);
        assertThat(sizes.convert("1.5 GiB")).isEqualTo(3L << 29);
        assertThat(sizes.convert("2kb")).isEqualTo(2048L);
        assertThatThrownBy(() -> sizes.convert("ten gigs")).hasMessageContaining("\"ten gigs\" is not a size");
        assertThat(Sizes.format(1536)).isEqualTo("1.5 KiB");
        assertThat(Sizes.format(12)).isEqualTo("12 B");
    }

    @Test
    void durationsShortOrIso() {
        DurationConverter durations = new DurationConverter();
        assertThat(durations.convert("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(durations.convert("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> durations.convert("soon")).hasMessageContaining("\"soon\" is not a duration");
        assertThat(durations.convert("99999999999999d")).isEqualTo(Duration.ofDays(99999999999999L));
        assertThatThrownBy(() -> durations.convert("999999999999999d")).hasMessageContaining("longer than a duration can be");
        assertThatThrownBy(() -> durations.convert("99999999999999999999s")).hasMessageContaining("longer than a duration");
    }
}
