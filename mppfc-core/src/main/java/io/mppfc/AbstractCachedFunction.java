package io.mppfc;

import java.nio.file.Path;

/** The arity-independent part of every typed cached function. */
abstract class AbstractCachedFunction<R> implements CachedFunction<R> {

    final CachedCalls<R> calls;

    AbstractCachedFunction(CachedCalls<R> calls) {
        this.calls = calls;
    }

    @Override
    public Path cacheDir() {
        return calls.cacheDir();
    }

    @Override
    public String name() {
        return calls.name();
    }

    @Override
    public String toString() {
        return "cached " + calls.name() + " in " + calls.cacheDir();
    }
}
