package io.mppfc;

import io.mppfc.function.FunctionInvoker;
import java.nio.file.Path;

/** Cached construction on top of the shared engine; checks the argument count, as javac cannot. */
final class Construction<T> implements CachedConstruction<T> {

    private final CachedCalls<T> calls;
    private final int arity;

    Construction(CachedCalls<T> calls, FunctionInvoker invoker) {
        this.calls = calls;
        this.arity = invoker.arity();
    }

    private Object[] checked(Object[] arguments) {
        if (arity >= 0 && arguments.length != arity) {
            throw new IllegalArgumentException(calls.name() + " takes " + arity + " argument"
                    + (arity == 1 ? "" : "s") + ", got " + arguments.length);
        }
        return arguments;
    }

    @Override
    public T instance(Object... arguments) {
        return calls.apply(checked(arguments));
    }

    @Override
    public boolean hasInstance(Object... arguments) {
        return calls.hasKey(checked(arguments));
    }

    @Override
    public Path cacheDir() {
        return calls.cacheDir();
    }

    @Override
    public String toString() {
        return "cached construction " + calls.name() + " in " + calls.cacheDir();
    }
}
