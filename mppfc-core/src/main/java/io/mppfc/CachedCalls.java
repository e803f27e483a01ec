package io.mppfc;

import io.mppfc.cache.CacheEntry;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CacheRead;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.DiskCache;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionKeys;
import io.mppfc.pool.TaskFailedException;
import io.mppfc.pool.TaskFailure;
import io.mppfc.pool.WorkerPool;
import io.mppfc.protocol.FailureText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The behaviour of a cached function on plain calls (the original's {@code CacheFileBased}),
 * with arguments as an array. Concurrent calls for the same missing key in this JVM compute
 * it once; the others wait for that result.
 */
final class CachedCalls<R> {

    /** The function itself, called in this JVM. */
    @FunctionalInterface
    interface LocalCall {
        Object call(Object[] arguments) throws Exception;
    }

    /** How long awaitAll() and close() wait for uploads to the shared store. */
    static final Duration SHARED_FLUSH = Duration.ofSeconds(60);
    /** How often a value removed before it was read is computed again before its call fails. */
    static final int REMOVALS_COMPUTED_AGAIN = 3;
    private final String name;
    private final LocalCall local;
    private final DiskCache cache;
    private final FunctionKeys keys;
    private final Workers workers;
    private final KnownFailures failures;
    /** Entries stored longer ago are misses; null: entries never expire. */
    private final Duration staleAfter;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<Object>> computing = new ConcurrentHashMap<>();

    CachedCalls(String name, LocalCall local, DiskCache cache, FunctionKeys keys, Workers workers,
            KnownFailures failures, Duration staleAfter) {
        this.name = name;
        this.failures = failures;
        this.staleAfter = staleAfter;
        this.local = local;
        this.cache = cache;
        this.keys = keys;
        this.workers = workers;
    }

    Workers workers() {
        return workers;
    }

    String name() {
        return name;
    }

    /** Waits, boundedly, for the uploads to the shared store; says at WARN what was not uploaded. */
    void flushShared() {
        io.mppfc.cache.SharedTier tier = cache.sharedTier();
        if (tier != null) {
            tier.flush(SHARED_FLUSH);
        }
    }

    Path cacheDir() {
        return cache.directory();
    }

    /** The function object is closed: its code version is no longer in use by this process. */
    void release() {
        cache.releaseInUse();
    }

    R apply(Object[] arguments) {
        WorkerPool pool = workers.runningPool();
        if (pool != null) {
            return applyWithWorkers(pool, arguments);
        }
        byte[] footprint = Footprint.ofArguments(arguments); // once: it keys the call and is stored with its result
        CacheKey key = keys.ofFootprint(footprint);
        CacheEntry entry = read(key);
        if (entry != null) {
            return cast(entry.value());
        }
        TaskFailure failure = workers.failure(key);
        if (failure != null) {
            throw erroneous(failure, arguments); // remembered from a worker; update() tries again
        }
        ErroneousFunctionCall known = failures.known(key, arguments);
        if (known != null) {
            throw known;
        }
        return computeOnce(key, arguments, footprint);
    }

    /** The original's parallel call: the value if cached, else queued once and null. */
    private R applyWithWorkers(WorkerPool pool, Object[] arguments) {
        byte[] footprint = Footprint.ofArguments(arguments);
        CacheKey key = keys.ofFootprint(footprint);
        WorkerPool.KeyState state = pool.state(key);
        if (state == WorkerPool.KeyState.PENDING) {
            return null;
        }
        if (state == WorkerPool.KeyState.FAILED) {
            throw erroneous(pool.failure(key), arguments);
        }
        CacheRead looked = look(key);
        if (looked.entry() != null) {
            return cast(looked.entry().value());
        }
        ErroneousFunctionCall known = failures.known(key, arguments);
        if (known != null) {
            throw known;
        }
        pool.enqueue(key, footprint, absentForBatch(looked), () -> describe(arguments));
        return null;
    }

    CompletableFuture<R> submit(Object[] arguments) {
        byte[] footprint = Footprint.ofArguments(arguments);
        CacheKey key = keys.ofFootprint(footprint);
        CacheRead looked = look(key);
        if (looked.entry() != null) {
            return CompletableFuture.completedFuture(cast(looked.entry().value()));
        }
        ErroneousFunctionCall known = failures.known(key, arguments);
        if (known != null) {
            return CompletableFuture.failedFuture(known);
        }
        return inWorkers(key, footprint, arguments, absentForBatch(looked), 0).thenApply(CachedCalls::cast);
    }

    /**
     * Whether a worker may publish the key's result without looking for what is stored
     * ({@code Messages.Job#absent}): only if nothing was, and only without {@code staleAfter}. An
     * entry another writer stores while the task waits then shadows the new record; without an age
     * bound it is a value of the same call, with one it may be older than the bound by the time it
     * is read (an attacker's run served one to the call that computed the key), so the batch
     * searches and writes the new result loose over it, as it did before the flag.
     */
    private boolean absentForBatch(CacheRead looked) {
        return looked.nothingStored() && staleAfter == null;
    }

    /**
     * The value the workers compute for {@code key}, read from the cache once they have stored
     * it. A value removed between its store and this read ({@code mppfc clear} or {@code gc} in
     * another process; a prewarm's tasks failed with "no cached result" when cleared midway) is
     * computed again, at most {@link #REMOVALS_COMPUTED_AGAIN} times.
     */
    private CompletableFuture<Object> inWorkers(CacheKey key, byte[] footprint, Object[] arguments, boolean absent,
            int removals) {
        CompletableFuture<Void> stored = workers.pool().enqueue(key, footprint, absent, () -> describe(arguments));
        return stored.handleAsync((ignored, failure) -> {
            if (failure == null) {
                // just computed for this call: fresh whatever the writer's clock says (Staleness)
                CacheEntry entry = read(key, false);
                if (entry != null) {
                    return CompletableFuture.completedFuture(entry.value());
                }
                if (removals < REMOVALS_COMPUTED_AGAIN) {
                    return inWorkers(key, footprint, arguments, false, removals + 1);
                }
                throw new CacheMissException(CallText.call(name, arguments) + " was computed "
                        + (removals + 1) + " times, and each time removed from the cache (" + cache.entryPath(key)
                        + ") before it could be read: something keeps clearing it (mppfc clear or gc?)");
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof TaskFailedException t) {
                throw erroneous(t.failure(), arguments);
            }
            throw new CompletionException(cause);
        }).thenCompose(value -> value);
    }

    private ErroneousFunctionCall erroneous(TaskFailure failure, Object[] arguments) {
        return new ErroneousFunctionCall(CallText.call(name, arguments) + " failed in a worker",
                failure.kind(), failure.exceptionClass(), failure.message(), failure.stackTrace(), null);
    }

    private R computeOnce(CacheKey key, Object[] arguments, byte[] footprint) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = computing.putIfAbsent(key, mine);
        if (running != null) {
            return awaitOther(running);
        }
        try {
            R value = computeAndStore(key, arguments, footprint);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            computing.remove(key, mine);
        }
    }

    private R awaitOther(CompletableFuture<Object> running) {
        return cast(join(running));
    }

    /** Joins, throwing what the computation threw rather than a {@code CompletionException} around it. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    R update(Object[] arguments) {
        if (cache.isReadOnly()) {
            throw new IllegalStateException(name + " was built with readOnly(true): update cannot store a result");
        }
        byte[] footprint = Footprint.ofArguments(arguments);
        return computeAndStore(keys.ofFootprint(footprint), arguments, footprint);
    }

    /** A read-only cache computes a miss and returns it without storing it. */
    private R computeAndStore(CacheKey key, Object[] arguments, byte[] footprint) {
        long start = System.nanoTime();
        R value;
        try {
            value = noCache(arguments);
        } catch (RuntimeException | Error e) {
            if (!cache.isReadOnly()) {
                failures.failed(key, arguments, e, Duration.ofNanos(System.nanoTime() - start));
            }
            throw e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!cache.isReadOnly()) {
            write(key, value, took, true, arguments, footprint);
            failures.succeeded(key);
        }
        return value;
    }

    R noCache(Object[] arguments) {
        try {
            return cast(local.call(arguments));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            FailureText text = FailureText.of(e);
            throw new ErroneousFunctionCall(CallText.call(name, arguments) + " failed", text.exceptionClass(),
                    text.message(), text.stackTrace(), e);
        }
    }

    boolean hasKey(Object[] arguments) {
        try {
            if (staleAfter == null) {
                return cache.contains(keys.of(arguments));
            }
            Instant storedAt = cache.storedAt(keys.of(arguments));
            return storedAt != null && !stale(storedAt);
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    R cacheOnly(Object[] arguments) {
        return cast(requireEntry(arguments).value());
    }

    Duration calculationTime(Object[] arguments) {
        return requireEntry(arguments).computationTime();
    }

    private CacheEntry requireEntry(Object[] arguments) {
        return requireEntry(arguments, true);
    }

    private CacheEntry requireEntry(Object[] arguments, boolean checkAge) {
        CacheKey key = keys.of(arguments);
        CacheEntry entry = read(key, checkAge);
        if (entry == null) {
            io.mppfc.cache.SharedTier shared = cache.sharedTier();
            throw new CacheMissException("no cached result of " + CallText.call(name, arguments)
                    + " (looked for " + cache.entryPath(key) + (shared == null ? "" : " and in the shared store " + shared)
                    + ")");
        }
        return entry;
    }

    void setResult(Object result, boolean overwrite, Object[] arguments) {
        if (cache.isReadOnly()) {
            throw new IllegalStateException(name + " was built with readOnly(true): setResult cannot store a result");
        }
        byte[] footprint = Footprint.ofArguments(arguments);
        CacheKey key = keys.ofFootprint(footprint);
        if (!write(key, result, Duration.ZERO, overwrite, arguments, footprint)) {
            throw new IllegalStateException("a result of " + CallText.call(name, arguments)
                    + " is already cached (" + cache.entryPath(key) + "); pass overwrite=true to replace it");
        }
    }

    /** A stale entry is a miss: computed again, and replaced atomically by the new result. */
    private CacheEntry read(CacheKey key) {
        return read(key, true);
    }

    private CacheEntry read(CacheKey key, boolean checkAge) {
        return look(key, checkAge).entry();
    }

    /** As {@link #read(CacheKey)}, saying for a miss whether nothing was stored (a stale entry is something). */
    private CacheRead look(CacheKey key) {
        return look(key, true);
    }

    private CacheRead look(CacheKey key, boolean checkAge) {
        try {
            CacheRead looked = cache.look(key);
            CacheEntry entry = looked.entry();
            return entry != null && checkAge && staleAfter != null && stale(entry.storedAt())
                    ? new CacheRead(null, false) : looked;
        } catch (IOException e) {
            throw unreadable(e);
        } catch (ClassNotAllowedException e) {
            throw new IllegalStateException("the cached result of " + name + " in " + cache.entryPath(key)
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    private boolean write(CacheKey key, Object value, Duration took, boolean overwrite, Object[] arguments,
            byte[] footprint) {
        try {
            return cache.write(key, value, took, overwrite, footprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CodecException e) {
            throw new IllegalStateException("the result of " + CallText.call(name, arguments)
                    + " cannot be stored: " + e.getMessage(), e);
        }
    }

    private UncheckedIOException unreadable(IOException e) {
        return new UncheckedIOException("cannot read the cache of " + name + " in " + cache.directory() + ": " + e, e);
    }

    private boolean stale(Instant storedAt) {
        return new Staleness(staleAfter).stale(storedAt, Instant.now());
    }

    @SuppressWarnings("unchecked")
    private static <R> R cast(Object value) {
        return (R) value;
    }

    /** Arguments for a message, as Java source writes them: short, one line, and never throwing. */
    static String describe(Object[] arguments) {
        return CallText.arguments(arguments);
    }
}
