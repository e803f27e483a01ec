package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StalenessTest {

    private static final Instant NOW = Instant.parse("2026-12-07T04:00:00Z");

    @Test
    void theLargestDurationNeverOverflowsAndKeepsEveryPastResultFresh() {
        Staleness forever = new Staleness(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertThat(forever.stale(Instant.EPOCH, NOW)).isFalse();
        assertThat(forever.stale(Instant.MIN, Instant.MAX)).isFalse();
    }

    @Test
    void aStoredTimeInTheFutureIsStaleWhateverTheDuration() {
        assertThat(new Staleness(Duration.ofMillis(1)).stale(NOW.plus(Duration.ofDays(1)), NOW)).isTrue();
        assertThat(new Staleness(Duration.ofDays(365)).stale(NOW.plusMillis(1), NOW)).isTrue();
    }

    @Test
    void aResultIsStaleOnlyOnceOlderThanTheDuration() {
        Staleness hour = new Staleness(Duration.ofHours(1));
        assertThat(hour.stale(NOW, NOW)).isFalse();
        assertThat(hour.stale(NOW.minus(Duration.ofHours(1)), NOW)).isFalse();
        assertThat(hour.stale(NOW.minus(Duration.ofHours(1)).minusMillis(1), NOW)).isTrue();
    }

    @Test
    void aResultWithoutAStoredTimeIsStale() {
        assertThat(new Staleness(Duration.ofDays(1)).stale(null, NOW)).isTrue();
    }
}
