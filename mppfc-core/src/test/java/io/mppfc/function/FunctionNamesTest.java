package io.mppfc.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FunctionNamesTest {

    private static FunctionRef ref(String className, String method) {
        return new FunctionRef(className, method, "(D)D", FunctionRef.Kind.STATIC, List.of(), false);
    }

    @Test
    void directoryIsClassDotMethodOrMethodAlone() {
        assertThat(FunctionNames.directoryName(ref("com.acme.Physics", "slow"), null, true)).isEqualTo("com.acme.Physics.slow");
        assertThat(FunctionNames.directoryName(ref("com.acme.Physics", "slow"), null, false)).isEqualTo("slow");
        assertThat(FunctionNames.directoryName(ref("com.acme.Physics", "lambda$main$0"), "energy", true))
                .isEqualTo("com.acme.Physics.energy");
    }

    @Test
    void aNamedLambdaOfJshellIsFiledTheSameInEverySession() {
        String first = FunctionNames.directoryName(ref("REPL.$JShell$17", "lambda$do_it$$0"), "sq", true);
        String next = FunctionNames.directoryName(ref("REPL.$JShell$14B", "lambda$do_it$$0"), "sq", true);
        assertThat(first).isEqualTo(next).isEqualTo("REPL.sq");
        assertThat(FunctionNames.directoryName(ref("REPL.$JShell$22", "slow"), null, true)).isEqualTo("REPL.slow");
        assertThat(FunctionNames.directoryName(ref("com.acme.REPL", "slow"), null, true)).isEqualTo("com.acme.REPL.slow");
    }

    @Test
    void lambdaWithoutNameIsRefused() {
        assertThatThrownBy(() -> FunctionNames.directoryName(ref("com.acme.App", "lambda$main$0"), null, true))
                .hasMessageContaining("lambda$main$0").hasMessageContaining(".name(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/b", "/abs", ".hidden", "a\\b", "", "x y", "a..b"})
    void unsafeUserNamesAreRefused(String name) {
        assertThatThrownBy(() -> FunctionNames.checkUserName(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not allowed");
    }

    @Test
    void nonAsciiClassNamesAreSanitisedWithoutCollisions() {
        String a = FunctionNames.directoryName(ref("com.acme.Größe", "f"), null, true);
        String b = FunctionNames.directoryName(ref("com.acme.Gr__e", "f"), null, true);
        assertThat(a).matches("[A-Za-z0-9._$-]+").doesNotStartWith(".").isNotEqualTo(b);
        assertThat(FunctionNames.sanitise("../../etc")).doesNotContain("..").doesNotContain("/");
    }
}
