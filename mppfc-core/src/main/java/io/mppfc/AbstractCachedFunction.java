package io.mppfc;

import java.nio.file.Path;
import java.time.Duration;

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
    public boolean startWorkers(int count) {
        return calls.workers().start(NumProc.count(count));
    }

    @Override
    public boolean startWorkers(NumProc count) {
        return calls.workers().start(count);
    }

    @Override
    public Status awaitAll() {
        calls.workers().awaitAll(null);
        calls.flushShared();
        return status();
    }

    @Override
    public Status awaitAll(Duration statusInterval) {
        calls.workers().awaitAll(java.util.Objects.requireNonNull(statusInterval, "statusInterval"));
        calls.flushShared();
        return status();
    }

    @Override
    public boolean join(Duration timeout) {
        return calls.workers().join(timeout);
    }

    @Override
    public boolean terminate(Duration timeout) {
        return calls.workers().terminate(timeout);
    }

    @Override
    public Status status() {
        return calls.workers().status();
    }

    @Override
    public void close() {
        calls.workers().close();
        calls.flushShared();
        calls.release();
    }

    @Override
    public String toString() {
        return "cached " + calls.name() + " in " + calls.cacheDir();
    }
}
