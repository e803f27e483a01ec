package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cache.maintenance.CacheInventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleAfterTest {

    static final AtomicInteger CALLS = new AtomicInteger();

    static long quote(String symbol) {
        return CALLS.incrementAndGet();
    }

    @TempDir
    Path root;

    @BeforeEach
    void reset() {
        CALLS.set(0);
    }

    private MultiProcCachedFunction1<String, Long> quotes(Duration staleAfter) {
        CacheBuilder<MultiProcCachedFunction1<String, Long>> builder = Mppfc.cache(StaleAfterTest::quote).path(root);
        return staleAfter == null ? builder.build() : builder.staleAfter(staleAfter).build();
    }

    @Test
    void anEntryOlderThanStaleAfterIsAMissEverywhereAndIsReplacedInPlace() throws Exception {
        assertThat(quotes(null).apply("ACME")).isEqualTo(1L);
        Thread.sleep(300);
        MultiProcCachedFunction1<String, Long> fresh = quotes(Duration.ofMillis(200));

        assertThat(fresh.hasKey("ACME")).isFalse();
        assertThatThrownBy(() -> fresh.cacheOnly("ACME")).isInstanceOf(CacheMissException.class);
        assertThat(fresh.apply("ACME")).as("computed again").isEqualTo(2L);
        assertThat(fresh.hasKey("ACME")).isTrue();
        assertThat(fresh.cacheOnly("ACME")).isEqualTo(2L);
        assertThat(CacheInventory.entries(fresh.cacheDir())).as("replaced, not added").hasSize(1);
        assertThat(quotes(null).apply("ACME")).as("without staleAfter any age is served").isEqualTo(2L);
    }

    @Test
    void anEntryYoungerThanStaleAfterIsServed() {
        assertThat(quotes(Duration.ofHours(1)).apply("ACME")).isEqualTo(1L);
        assertThat(quotes(Duration.ofHours(1)).apply("ACME")).isEqualTo(1L);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    @Test
    void theLargestStaleAfterServesStoredResultsInsteadOfThrowing() {
        assertThat(quotes(null).apply("ACME")).isEqualTo(1L);
        MultiProcCachedFunction1<String, Long> forever = quotes(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
        assertThat(forever.hasKey("ACME")).isTrue();
        assertThat(forever.apply("ACME")).isEqualTo(1L);
        assertThat(forever.cacheOnly("ACME")).isEqualTo(1L);
        assertThat(CALLS.get()).isEqualTo(1);
    }

    @Test
    void aNonPositiveAgeIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> quotes(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("staleAfter must be a positive duration, got 0s");
    }
}
