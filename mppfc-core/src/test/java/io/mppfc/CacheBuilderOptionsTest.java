package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each option's value is checked where it is set, and the message names the option and the value. */
class CacheBuilderOptionsTest {

    static double square(double x) {
        return x * x;
    }

    private static CacheBuilder<MultiProcCachedFunction1<Double, Double>> builder() {
        return Mppfc.cache(CacheBuilderOptionsTest::square);
    }

    @Test
    void durationsThatAreNotPositiveAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> builder().staleAfter(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("staleAfter must be a positive duration, got ");
        assertThatThrownBy(() -> builder().taskTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taskTimeout must be a positive duration, got ");
        assertThatThrownBy(() -> builder().workerStartTimeout(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workerStartTimeout must be a positive duration, got ");
    }

    @Test
    void packageNamesAreCheckedForBothOptionsThatTakeThem() {
        assertThatThrownBy(() -> builder().trackCodeIn("com.acme", "1bad"))
                .hasMessage("trackCodeIn: \"1bad\" is not a package name (like com.acme)");
        assertThatThrownBy(() -> builder().allowPackages("com..model"))
                .hasMessage("allowPackages: \"com..model\" is not a package name (like com.acme.model)");
    }

    @Test
    void whatIsSetIsWhatTheAssemblyReads() {
        CacheBuilder<MultiProcCachedFunction1<Double, Double>> b = builder().staleAfter(Duration.ofHours(2))
                .trackCodeIn("com.acme").allowPackages("com.acme.model").maxRetries(3).compress(true)
                .workerJvmOptions("-Xmx1g");
        assertThat(b.settings.staleAfter).isEqualTo(Duration.ofHours(2));
        assertThat(b.settings.ownPackages).containsExactly("com.acme");
        assertThat(b.settings.allowedPackages).containsExactly("com.acme.model");
        assertThat(b.settings.maxRetries).isEqualTo(3);
        assertThat(b.settings.compressionLevel).isEqualTo(3);
        assertThat(b.settings.workerJvmOptions).containsExactly("-Xmx1g");
    }
}
