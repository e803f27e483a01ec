package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every method of the typed API of arities 4, 5 and 6, in this JVM (workers: ArityWorkersTest). */
class ArityTest {

    @TempDir
    Path root;

    static String four(String a, int b, long c, double d) {
        return a + b + c + d;
    }

    static String five(String a, int b, long c, double d, char e) {
        return four(a, b, c, d) + e;
    }

    static String six(String a, int b, long c, double d, char e, boolean f) {
        return five(a, b, c, d, e) + f;
    }

    @Test
    void arityFour() {
        MultiProcCachedFunction4<String, Integer, Long, Double, String> f = Mppfc.cache(ArityTest::four).path(root)
                .build();
        assertThat(f.apply("a", 1, 2L, 3.0)).isEqualTo("a123.0");
        assertThat(f.hasKey("a", 1, 2L, 3.0)).isTrue();
        assertThat(f.hasKey("a", 2, 1L, 3.0)).as("the order of the arguments is part of the key").isFalse();
        assertThat(f.cacheOnly("a", 1, 2L, 3.0)).isEqualTo("a123.0");
        assertThat(f.calculationTime("a", 1, 2L, 3.0)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(f.noCache("b", 1, 2L, 3.0)).isEqualTo("b123.0");
        assertThat(f.hasKey("b", 1, 2L, 3.0)).isFalse();
        f.setResult("set", "c", 1, 2L, 3.0);
        assertThat(f.apply("c", 1, 2L, 3.0)).isEqualTo("set");
        assertThatThrownBy(() -> f.setResult("again", "c", 1, 2L, 3.0)).hasMessageContaining("overwrite=true");
        f.setResult("again", true, "c", 1, 2L, 3.0);
        assertThat(f.cacheOnly("c", 1, 2L, 3.0)).isEqualTo("again");
        assertThat(f.update("c", 1, 2L, 3.0)).isEqualTo("c123.0");
        assertThat(f.cacheOnly("c", 1, 2L, 3.0)).isEqualTo("c123.0");
    }

    @Test
    void arityFive() {
        MultiProcCachedFunction5<String, Integer, Long, Double, Character, String> f = Mppfc.cache(ArityTest::five)
                .path(root).build();
        assertThat(f.apply("a", 1, 2L, 3.0, 'x')).isEqualTo("a123.0x");
        assertThat(f.hasKey("a", 1, 2L, 3.0, 'x')).isTrue();
        assertThat(f.hasKey("a", 1, 2L, 3.0, 'y')).isFalse();
        assertThat(f.cacheOnly("a", 1, 2L, 3.0, 'x')).isEqualTo("a123.0x");
        assertThat(f.calculationTime("a", 1, 2L, 3.0, 'x')).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(f.noCache("b", 1, 2L, 3.0, 'x')).isEqualTo("b123.0x");
        f.setResult("set", "c", 1, 2L, 3.0, 'x');
        assertThat(f.apply("c", 1, 2L, 3.0, 'x')).isEqualTo("set");
        f.setResult("again", true, "c", 1, 2L, 3.0, 'x');
        assertThat(f.update("c", 1, 2L, 3.0, 'x')).isEqualTo("c123.0x");
        assertThat(f.cacheOnly("c", 1, 2L, 3.0, 'x')).isEqualTo("c123.0x");
    }

    @Test
    void aritySix() {
        MultiProcCachedFunction6<String, Integer, Long, Double, Character, Boolean, String> f =
                Mppfc.cache(ArityTest::six).path(root).build();
        assertThat(f.apply("a", 1, 2L, 3.0, 'x', true)).isEqualTo("a123.0xtrue");
        assertThat(f.hasKey("a", 1, 2L, 3.0, 'x', true)).isTrue();
        assertThat(f.hasKey("a", 1, 2L, 3.0, 'x', false)).isFalse();
        assertThat(f.cacheOnly("a", 1, 2L, 3.0, 'x', true)).isEqualTo("a123.0xtrue");
        assertThat(f.calculationTime("a", 1, 2L, 3.0, 'x', true)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(f.noCache("b", 1, 2L, 3.0, 'x', true)).isEqualTo("b123.0xtrue");
        f.setResult("set", "c", 1, 2L, 3.0, 'x', true);
        assertThat(f.apply("c", 1, 2L, 3.0, 'x', true)).isEqualTo("set");
        f.setResult("again", true, "c", 1, 2L, 3.0, 'x', true);
        assertThat(f.update("c", 1, 2L, 3.0, 'x', true)).isEqualTo("c123.0xtrue");
        assertThat(f.cacheOnly("c", 1, 2L, 3.0, 'x', true)).isEqualTo("c123.0xtrue");
    }
}
