package io.mppfc.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionKeysTest {

    private static final FunctionRef SLOW = new FunctionRef("com.acme.Physics", "slow", "(D)D", FunctionRef.Kind.STATIC,
            List.of(), false);

    @Test
    void keyDerivationIsFrozen() {
        // a key written today must be found by every later version of mppfc
        assertThat(new FunctionKeys(SLOW, "").of(3.0).hex())
                .isEqualTo("c88512bdb040633345b8df8e1766ab3b90c5de28227817b4aba07125125a40b3");
    }

    @Test
    void classNameIsNotPartOfTheKeyButTheDescriptorIs() {
        FunctionRef moved = new FunctionRef("com.acme.Other", "slow", "(D)D", FunctionRef.Kind.STATIC, List.of(), false);
        FunctionRef overload = new FunctionRef("com.acme.Physics", "slow", "(F)D", FunctionRef.Kind.STATIC, List.of(), false);
        assertThat(new FunctionKeys(moved, "").of(3.0)).isEqualTo(new FunctionKeys(SLOW, "").of(3.0));
        assertThat(new FunctionKeys(overload, "").of(3.0)).isNotEqualTo(new FunctionKeys(SLOW, "").of(3.0));
    }

    @Test
    void versionAndCapturedValuesChangeTheKey() {
        FunctionRef captured = new FunctionRef("com.acme.Physics", "slow", "(D)D", FunctionRef.Kind.STATIC, List.of(2), false);
        assertThat(new FunctionKeys(SLOW, "v2").of(3.0)).isNotEqualTo(new FunctionKeys(SLOW, "").of(3.0));
        assertThat(new FunctionKeys(captured, "").of(3.0)).isNotEqualTo(new FunctionKeys(SLOW, "").of(3.0));
    }

    @Test
    void keyIsTheSameAcrossInstancesAndCalls() {
        FunctionKeys keys = new FunctionKeys(SLOW, "");
        assertThat(keys.of(1.0, "a")).isEqualTo(keys.of(1.0, "a")).isEqualTo(new FunctionKeys(SLOW, "").of(1.0, "a"));
        assertThat(keys.of(1.0, "a")).isNotEqualTo(keys.of("a", 1.0));
    }
}
