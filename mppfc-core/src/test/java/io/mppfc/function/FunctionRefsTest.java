package io.mppfc.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Fn1;
import io.mppfc.Fn2;
import io.mppfc.FnN;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionRefsTest {

    static double square(double x) {
        return x * x;
    }

    static double total(Object... xs) {
        return xs.length;
    }

    record Scaler(double factor) {
        double scale(double x) {
            return factor * x;
        }
    }

    record Pair(int a, String b) {
    }

    @Test
    void staticMethodReferenceResolvesToClassMethodAndDescriptor() {
        FunctionRef ref = FunctionRefs.of((Fn1<Double, Double>) FunctionRefsTest::square);
        assertThat(ref).isEqualTo(new FunctionRef("io.mppfc.function.FunctionRefsTest", "square", "(D)D",
                FunctionRef.Kind.STATIC, List.of(), false));
        assertThat(ref.displayName()).isEqualTo("io.mppfc.function.FunctionRefsTest.square");
        assertThat(ref.isSyntheticLambda()).isFalse();
    }

    @Test
    void constructorReferenceIsNamedNew() {
        FunctionRef ref = FunctionRefs.of((Fn2<Integer, String, Pair>) Pair::new);
        assertThat(ref.kind()).isEqualTo(FunctionRef.Kind.CONSTRUCTOR);
        assertThat(ref.displayName()).isEqualTo("io.mppfc.function.FunctionRefsTest$Pair.new");
    }

    @Test
    void boundMethodReferenceCapturesItsReceiver() {
        FunctionRef ref = FunctionRefs.of((Fn1<Double, Double>) new Scaler(3)::scale);
        assertThat(ref.kind()).isEqualTo(FunctionRef.Kind.VIRTUAL);
        assertThat(ref.captured()).containsExactly(new Scaler(3));
    }

    @Test
    void lambdaIsRecognisedAsSynthetic() {
        int k = 4;
        FunctionRef ref = FunctionRefs.of((Fn1<Integer, Integer>) x -> x * k);
        assertThat(ref.isSyntheticLambda()).isTrue();
        assertThat(ref.captured()).containsExactly(4);
    }

    @Test
    void anOrdinaryClassIsNotAFunctionReference() {
        Fn1<Integer, Integer> anonymous = new Fn1<>() {
            @Override
            public Integer apply(Integer a1) {
                return a1;
            }
        };
        assertThatThrownBy(() -> FunctionRefs.of(anonymous)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a lambda or method reference");
    }

    @Test
    void invokerFindsTheSameMethodByNameAndCallsIt() throws Throwable {
        FunctionRef ref = FunctionRefs.of((Fn1<Double, Double>) FunctionRefsTest::square);
        FunctionInvoker invoker = FunctionInvoker.bind(ref, getClass().getClassLoader());
        assertThat(invoker.invoke(3.0)).isEqualTo(9.0);
        assertThat(invoker.arity()).isEqualTo(1);
        assertThat(invoker.genericReturnType()).isEqualTo(double.class);
    }

    @Test
    void invokerCallsConstructorsBoundReferencesLambdasAndVarargs() throws Throwable {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(FunctionInvoker.bind(FunctionRefs.of((Fn2<Integer, String, Pair>) Pair::new), loader).invoke(1, "b"))
                .isEqualTo(new Pair(1, "b"));
        assertThat(FunctionInvoker.bind(FunctionRefs.of((Fn1<Double, Double>) new Scaler(2)::scale), loader).invoke(5.0))
                .isEqualTo(10.0);
        int k = 4;
        FunctionInvoker lambda = FunctionInvoker.bind(FunctionRefs.of((Fn1<Integer, Integer>) x -> x * k), loader);
        assertThat(lambda.invoke(3)).isEqualTo(12);
        assertThat(lambda.arity()).isEqualTo(1);
        FunctionInvoker varargs = FunctionInvoker.bind(FunctionRefs.of((FnN<Double>) FunctionRefsTest::total), loader);
        assertThat(varargs.invoke(1, 2, 3)).isEqualTo(3.0);
        assertThat(varargs.arity()).isEqualTo(-1);
        FunctionInvoker unbound = FunctionInvoker.bind(FunctionRefs.of((Fn1<String, Integer>) String::length), loader);
        assertThat(unbound.invoke("four")).isEqualTo(4);
    }

    @Test
    void missingMethodIsReportedWithItsName() {
        FunctionRef gone = new FunctionRef("io.mppfc.function.FunctionRefsTest", "cube", "(D)D", FunctionRef.Kind.STATIC,
                List.of(), false);
        assertThatThrownBy(() -> FunctionInvoker.bind(gone, getClass().getClassLoader()))
                .hasMessageContaining("FunctionRefsTest.cube(D)D is not in");
        FunctionRef noClass = new FunctionRef("com.example.Nope", "f", "()V", FunctionRef.Kind.STATIC, List.of(), false);
        assertThatThrownBy(() -> FunctionInvoker.bind(noClass, getClass().getClassLoader()))
                .hasMessageContaining("class com.example.Nope").hasMessageContaining("not on the classpath");
    }
}
