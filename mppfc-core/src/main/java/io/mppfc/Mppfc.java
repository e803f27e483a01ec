package io.mppfc;

import io.mppfc.function.FunctionRef;
import io.mppfc.function.FunctionRefs;
import java.io.Serializable;
import java.lang.reflect.Method;

/**
 * The front door: makes cached functions and cached constructions.
 *
 * <pre>{@code
 * static double slow(double x) { ... }
 *
 * MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(Physics::slow).build();
 * double y = f.apply(3.0);   // computed and stored; instant on the next run
 * }</pre>
 *
 * <p>The function must be a method reference, a constructor reference, or a lambda given a
 * stable name with {@link CacheBuilder#name(String)}, so that its cache can be found again and
 * worker JVMs can find the same method by name.
 *
 * @since 0.1
 */
public final class Mppfc {

    private Mppfc() {
    }

    /**
     * A cached function of 1 argument.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, R> CacheBuilder<MultiProcCachedFunction1<A, R>> cache(Fn1<A, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function, a -> function.apply((A) a[0]),
                (calls, invoker) -> new TypedFunctions.F1<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of 2 arguments.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, B, R> CacheBuilder<MultiProcCachedFunction2<A, B, R>> cache(Fn2<A, B, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function, a -> function.apply((A) a[0], (B) a[1]),
                (calls, invoker) -> new TypedFunctions.F2<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of 3 arguments.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, B, C, R> CacheBuilder<MultiProcCachedFunction3<A, B, C, R>> cache(Fn3<A, B, C, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function, a -> function.apply((A) a[0], (B) a[1], (C) a[2]),
                (calls, invoker) -> new TypedFunctions.F3<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of 4 arguments.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, B, C, D, R> CacheBuilder<MultiProcCachedFunction4<A, B, C, D, R>> cache(Fn4<A, B, C, D, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function,
                a -> function.apply((A) a[0], (B) a[1], (C) a[2], (D) a[3]),
                (calls, invoker) -> new TypedFunctions.F4<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of 5 arguments.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <E> the type of argument 5
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, B, C, D, E, R> CacheBuilder<MultiProcCachedFunction5<A, B, C, D, E, R>> cache(Fn5<A, B, C, D, E, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function,
                a -> function.apply((A) a[0], (B) a[1], (C) a[2], (D) a[3], (E) a[4]),
                (calls, invoker) -> new TypedFunctions.F5<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of 6 arguments.
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <E> the type of argument 5
     * @param <F> the type of argument 6
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    @SuppressWarnings("unchecked")
    public static <A, B, C, D, E, F, R> CacheBuilder<MultiProcCachedFunction6<A, B, C, D, E, F, R>> cache(Fn6<A, B, C, D, E, F, R> function) {
        return new CacheBuilder<>(CacheSettings.of(function,
                a -> function.apply((A) a[0], (B) a[1], (C) a[2], (D) a[3], (E) a[4], (F) a[5]),
                (calls, invoker) -> new TypedFunctions.F6<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached function of any number of arguments, for a varargs method or an arity above six
     * (a separate name, because a varargs method reference fits every {@code Fn*}).
     *
     * @param function a method reference, constructor reference or named lambda
     * @param <R> the result type
     * @return a builder; call {@link CacheBuilder#build()}
     */
    public static <R> CacheBuilder<MultiProcCachedFunctionN<R>> cacheVarargs(FnN<R> function) {
        return new CacheBuilder<>(CacheSettings.of(function, function::apply,
                (calls, invoker) -> new TypedFunctions.FN<>(TypedFunctions.typed(calls))));
    }

    /**
     * A cached static method given by reflection, such as one found by name on a command line or
     * in a plugin: its keys and entries are exactly those of the same method given as a method
     * reference, so a cache filled this way is read by {@code Mppfc.cache(Physics::slow)} and the
     * other way round. A method whose only parameter is {@code Object...} takes its arguments as
     * {@link #cacheVarargs} does.
     *
     * @param method a static method
     * @return a builder; call {@link CacheBuilder#build()}
     * @throws IllegalArgumentException if the method is not static
     */
    public static CacheBuilder<MultiProcCachedFunctionN<Object>> cacheMethod(Method method) {
        ClassLoader loader = method.getDeclaringClass().getClassLoader();
        return new CacheBuilder<>(CacheSettings.ofReflected(FunctionRefs.ofStaticMethod(method),
                loader != null ? loader : ClassLoader.getSystemClassLoader(),
                (calls, invoker) -> new TypedFunctions.FN<>(TypedFunctions.typed(calls))));
    }

    /**
     * Cached construction: instances of an expensive constructor, stored on disk by the
     * constructor's arguments (the original's {@code CacheInit}).
     *
     * <pre>{@code
     * CachedConstruction<Model> models = Mppfc.construct(Model::new).build();
     * Model m = models.instance(42, "fine");   // built once, loaded afterwards
     * }</pre>
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <T> the constructed type
     * @return a builder; call {@link CacheBuilder#build()}
     * @throws IllegalArgumentException if {@code constructor} is not a constructor reference
     */
    public static <A, T> CacheBuilder<CachedConstruction<T>> construct(Fn1<A, T> constructor) {
        return construction(constructor);
    }

    /**
     * Cached construction with a 2-argument constructor; see {@link #construct(Fn1)}.
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <T> the constructed type
     * @return a builder
     */
    public static <A, B, T> CacheBuilder<CachedConstruction<T>> construct(Fn2<A, B, T> constructor) {
        return construction(constructor);
    }

    /**
     * Cached construction with a 3-argument constructor; see {@link #construct(Fn1)}.
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <T> the constructed type
     * @return a builder
     */
    public static <A, B, C, T> CacheBuilder<CachedConstruction<T>> construct(Fn3<A, B, C, T> constructor) {
        return construction(constructor);
    }

    /**
     * Cached construction with a 4-argument constructor; see {@link #construct(Fn1)}.
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <T> the constructed type
     * @return a builder
     */
    public static <A, B, C, D, T> CacheBuilder<CachedConstruction<T>> construct(Fn4<A, B, C, D, T> constructor) {
        return construction(constructor);
    }

    /**
     * Cached construction with a 5-argument constructor; see {@link #construct(Fn1)}.
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <E> the type of argument 5
     * @param <T> the constructed type
     * @return a builder
     */
    public static <A, B, C, D, E, T> CacheBuilder<CachedConstruction<T>> construct(Fn5<A, B, C, D, E, T> constructor) {
        return construction(constructor);
    }

    /**
     * Cached construction with a 6-argument constructor; see {@link #construct(Fn1)}.
     *
     * @param constructor a constructor reference such as {@code Model::new}
     * @param <A> the type of argument 1
     * @param <B> the type of argument 2
     * @param <C> the type of argument 3
     * @param <D> the type of argument 4
     * @param <E> the type of argument 5
     * @param <F> the type of argument 6
     * @param <T> the constructed type
     * @return a builder
     */
    public static <A, B, C, D, E, F, T> CacheBuilder<CachedConstruction<T>> construct(Fn6<A, B, C, D, E, F, T> constructor) {
        return construction(constructor);
    }

    private static <T> CacheBuilder<CachedConstruction<T>> construction(Serializable constructor) {
        FunctionRef ref = FunctionRefs.of(constructor);
        if (ref.kind() != FunctionRef.Kind.CONSTRUCTOR) {
            throw new IllegalArgumentException(ref.displayName() + " is not a constructor reference; pass one "
                    + "such as Model::new, or use Mppfc.cache(...) for a method");
        }
        return new CacheBuilder<>(CacheSettings.of(constructor, null,
                (calls, invoker) -> new Construction<>(TypedFunctions.typed(calls), invoker)));
    }
}
