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

    @Test
    void aVersionOverOneThousandCharactersIsRefusedWithItsLength() {
        assertThatThrownBy(() -> builder().version("v".repeat(1001))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be a string of at most 1000 characters, got 1001 characters");
        assertThatThrownBy(() -> builder().version(null))
                .hasMessage("version must be a string of at most 1000 characters, got null");
    }

    @Test
    void aZstdLevelOutOfRangeIsRefusedWithTheRange() {
        assertThatThrownBy(() -> builder().compress(20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("compress: a zstd level is 1 (fastest) to 19 (smallest), or 0 for none; got 20");
        assertThatThrownBy(() -> builder().compress(-1))
                .hasMessage("compress: a zstd level is 1 (fastest) to 19 (smallest), or 0 for none; got -1");
    }

    @Test
    void countsAndTextsThatMustBeGivenAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetries must not be negative, got -1");
        assertThatThrownBy(() -> builder().workerClasspath(" ")).hasMessage("workerClasspath must not be empty");
        assertThatThrownBy(() -> builder().sharedWithGroup("")).hasMessage("sharedWithGroup: name the group, e.g. \"physics\"");
        assertThatThrownBy(() -> builder().trackCodeIn()).hasMessage("trackCodeIn needs at least one package name");
        assertThatThrownBy(() -> builder().workerJvmOptions("-Xmx1g", " "))
                .hasMessage("workerJvmOptions: an option is null or blank");
        assertThatThrownBy(() -> builder().allowClasses(String.class, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("allowClasses: a class is null");
    }

    @Test
    void aListOptionWithOneBadValueKeepsNoneOfItsValues() {
        CacheBuilder<MultiProcCachedFunction1<Double, Double>> b = builder();
        assertThatThrownBy(() -> b.workerJvmOptions("-Xmx1g", ""));
        assertThatThrownBy(() -> b.allowPackages("com.acme.model", "1bad"));
        assertThatThrownBy(() -> b.allowClasses(String.class, null));
        assertThat(b.settings.workerJvmOptions).isEmpty();
        assertThat(b.settings.allowedPackages).isEmpty();
        assertThat(b.settings.allowedClasses).isEmpty();
    }
}
