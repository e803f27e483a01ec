package io.mppfc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The typed faces of {@link CachedCalls}: each only fixes the arity and the types, so the
 * behaviour lives in one place.
 */
final class TypedFunctions {

    private TypedFunctions() {
    }

    /** The engine stores whatever the function returns; the typed face decides what R is. */
    @SuppressWarnings("unchecked")
    static <R> CachedCalls<R> typed(CachedCalls<Object> calls) {
        return (CachedCalls<R>) (CachedCalls<?>) calls;
    }

    static final class F1<A, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction1<A, R> {

        F1(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1) {
            return calls.apply(new Object[] {a1});
        }

        @Override
        public boolean hasKey(A a1) {
            return calls.hasKey(new Object[] {a1});
        }

        @Override
        public R cacheOnly(A a1) {
            return calls.cacheOnly(new Object[] {a1});
        }

        @Override
        public R update(A a1) {
            return calls.update(new Object[] {a1});
        }

        @Override
        public R noCache(A a1) {
            return calls.noCache(new Object[] {a1});
        }

        @Override
        public void setResult(R result, A a1) {
            calls.setResult(result, false, new Object[] {a1});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1) {
            calls.setResult(result, overwrite, new Object[] {a1});
        }

        @Override
        public Duration calculationTime(A a1) {
            return calls.calculationTime(new Object[] {a1});
        }

        @Override
        public CompletableFuture<R> submit(A a1) {
            return calls.submit(new Object[] {a1});
        }
    }

    static final class F2<A, B, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction2<A, B, R> {

        F2(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1, B a2) {
            return calls.apply(new Object[] {a1, a2});
        }

        @Override
        public boolean hasKey(A a1, B a2) {
            return calls.hasKey(new Object[] {a1, a2});
        }

        @Override
        public R cacheOnly(A a1, B a2) {
            return calls.cacheOnly(new Object[] {a1, a2});
        }

        @Override
        public R update(A a1, B a2) {
            return calls.update(new Object[] {a1, a2});
        }

        @Override
        public R noCache(A a1, B a2) {
            return calls.noCache(new Object[] {a1, a2});
        }

        @Override
        public void setResult(R result, A a1, B a2) {
            calls.setResult(result, false, new Object[] {a1, a2});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1, B a2) {
            calls.setResult(result, overwrite, new Object[] {a1, a2});
        }

        @Override
        public Duration calculationTime(A a1, B a2) {
            return calls.calculationTime(new Object[] {a1, a2});
        }

        @Override
        public CompletableFuture<R> submit(A a1, B a2) {
            return calls.submit(new Object[] {a1, a2});
        }
    }

    static final class F3<A, B, C, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction3<A, B, C, R> {

        F3(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1, B a2, C a3) {
            return calls.apply(new Object[] {a1, a2, a3});
        }

        @Override
        public boolean hasKey(A a1, B a2, C a3) {
            return calls.hasKey(new Object[] {a1, a2, a3});
        }

        @Override
        public R cacheOnly(A a1, B a2, C a3) {
            return calls.cacheOnly(new Object[] {a1, a2, a3});
        }

        @Override
        public R update(A a1, B a2, C a3) {
            return calls.update(new Object[] {a1, a2, a3});
        }

        @Override
        public R noCache(A a1, B a2, C a3) {
            return calls.noCache(new Object[] {a1, a2, a3});
        }

        @Override
        public void setResult(R result, A a1, B a2, C a3) {
            calls.setResult(result, false, new Object[] {a1, a2, a3});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1, B a2, C a3) {
            calls.setResult(result, overwrite, new Object[] {a1, a2, a3});
        }

        @Override
        public Duration calculationTime(A a1, B a2, C a3) {
            return calls.calculationTime(new Object[] {a1, a2, a3});
        }

        @Override
        public CompletableFuture<R> submit(A a1, B a2, C a3) {
            return calls.submit(new Object[] {a1, a2, a3});
        }
    }

    static final class F4<A, B, C, D, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction4<A, B, C, D, R> {

        F4(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1, B a2, C a3, D a4) {
            return calls.apply(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public boolean hasKey(A a1, B a2, C a3, D a4) {
            return calls.hasKey(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public R cacheOnly(A a1, B a2, C a3, D a4) {
            return calls.cacheOnly(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public R update(A a1, B a2, C a3, D a4) {
            return calls.update(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public R noCache(A a1, B a2, C a3, D a4) {
            return calls.noCache(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public void setResult(R result, A a1, B a2, C a3, D a4) {
            calls.setResult(result, false, new Object[] {a1, a2, a3, a4});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1, B a2, C a3, D a4) {
            calls.setResult(result, overwrite, new Object[] {a1, a2, a3, a4});
        }

        @Override
        public Duration calculationTime(A a1, B a2, C a3, D a4) {
            return calls.calculationTime(new Object[] {a1, a2, a3, a4});
        }

        @Override
        public CompletableFuture<R> submit(A a1, B a2, C a3, D a4) {
            return calls.submit(new Object[] {a1, a2, a3, a4});
        }
    }

    static final class F5<A, B, C, D, E, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction5<A, B, C, D, E, R> {

        F5(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1, B a2, C a3, D a4, E a5) {
            return calls.apply(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public boolean hasKey(A a1, B a2, C a3, D a4, E a5) {
            return calls.hasKey(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public R cacheOnly(A a1, B a2, C a3, D a4, E a5) {
            return calls.cacheOnly(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public R update(A a1, B a2, C a3, D a4, E a5) {
            return calls.update(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public R noCache(A a1, B a2, C a3, D a4, E a5) {
            return calls.noCache(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public void setResult(R result, A a1, B a2, C a3, D a4, E a5) {
            calls.setResult(result, false, new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1, B a2, C a3, D a4, E a5) {
            calls.setResult(result, overwrite, new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public Duration calculationTime(A a1, B a2, C a3, D a4, E a5) {
            return calls.calculationTime(new Object[] {a1, a2, a3, a4, a5});
        }

        @Override
        public CompletableFuture<R> submit(A a1, B a2, C a3, D a4, E a5) {
            return calls.submit(new Object[] {a1, a2, a3, a4, a5});
        }
    }

    static final class F6<A, B, C, D, E, F, R> extends AbstractCachedFunction<R> implements MultiProcCachedFunction6<A, B, C, D, E, F, R> {

        F6(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.apply(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public boolean hasKey(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.hasKey(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public R cacheOnly(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.cacheOnly(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public R update(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.update(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public R noCache(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.noCache(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public void setResult(R result, A a1, B a2, C a3, D a4, E a5, F a6) {
            calls.setResult(result, false, new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public void setResult(R result, boolean overwrite, A a1, B a2, C a3, D a4, E a5, F a6) {
            calls.setResult(result, overwrite, new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public Duration calculationTime(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.calculationTime(new Object[] {a1, a2, a3, a4, a5, a6});
        }

        @Override
        public CompletableFuture<R> submit(A a1, B a2, C a3, D a4, E a5, F a6) {
            return calls.submit(new Object[] {a1, a2, a3, a4, a5, a6});
        }
    }

    static final class FN<R> extends AbstractCachedFunction<R> implements MultiProcCachedFunctionN<R> {

        FN(CachedCalls<R> calls) {
            super(calls);
        }

        @Override
        public R apply(Object... arguments) {
            return calls.apply(arguments);
        }

        @Override
        public boolean hasKey(Object... arguments) {
            return calls.hasKey(arguments);
        }

        @Override
        public R cacheOnly(Object... arguments) {
            return calls.cacheOnly(arguments);
        }

        @Override
        public R update(Object... arguments) {
            return calls.update(arguments);
        }

        @Override
        public R noCache(Object... arguments) {
            return calls.noCache(arguments);
        }

        @Override
        public void setResult(R result, boolean overwrite, Object... arguments) {
            calls.setResult(result, overwrite, arguments);
        }

        @Override
        public Duration calculationTime(Object... arguments) {
            return calls.calculationTime(arguments);
        }

        @Override
        public CompletableFuture<R> submit(Object... arguments) {
            return calls.submit(arguments);
        }
    }
}
