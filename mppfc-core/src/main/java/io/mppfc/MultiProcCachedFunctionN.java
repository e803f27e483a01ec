package io.mppfc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A cached function of any number of arguments, made by {@link Mppfc#cacheVarargs(FnN)}.
 *
 * <p>Results are stored on disk under {@link #cacheDir()}, keyed by the canonical footprint
 * of the arguments (see {@link io.mppfc.footprint.Footprint}), so a later run of the program
 * finds them at once. All methods are thread-safe; several processes may share a cache.
 *
 * <p>A function that throws an unchecked exception propagates it unchanged; a checked
 * exception arrives wrapped in an {@link ErroneousFunctionCall}. Nothing is cached for a
 * call that threw.
 *
 * @param <R> the result type
 * @since 0.1
 */
public interface MultiProcCachedFunctionN<R> extends CachedFunction<R> {

    /**
     * The cached result. Without workers, it is computed and stored on a miss. While workers run
     * ({@link #startWorkers(int)}), a miss queues the arguments (once) and returns {@code null}
     * at once; a call for arguments whose task failed throws {@link ErroneousFunctionCall}.
     *
     * @param arguments the arguments
     * @return the result, or {@code null} while a worker computes it
     * @throws io.mppfc.FootprintException if an argument cannot be part of a key
     * @throws java.io.UncheckedIOException if the cache cannot be read or written
     */
    R apply(Object... arguments);

    /**
     * Whether a result for these arguments is cached (a damaged entry counts as absent, and is
     * quarantined).
     *
     * @param arguments the arguments
     * @return true if cached
     */
    boolean hasKey(Object... arguments);

    /**
     * The cached result, never computing it.
     *
     * @param arguments the arguments
     * @return the result
     * @throws CacheMissException if nothing is cached for these arguments
     */
    R cacheOnly(Object... arguments);

    /**
     * Computes the result again and replaces whatever is cached.
     *
     * @param arguments the arguments
     * @return the new result
     */
    R update(Object... arguments);

    /**
     * Calls the function without reading or writing the cache.
     *
     * @param arguments the arguments
     * @return the result
     */
    R noCache(Object... arguments);

    /**
     * Stores a result computed elsewhere.
     *
     * @param result the result to store, possibly {@code null}
     * @param overwrite whether an existing entry is replaced
     * @param arguments the arguments
     * @throws IllegalStateException if a result is cached and {@code overwrite} is false
     */
    void setResult(R result, boolean overwrite, Object... arguments);

    /**
     * How long computing the cached result took, as stored with it.
     *
     * @param arguments the arguments
     * @return the computation time
     * @throws CacheMissException if nothing is cached for these arguments
     */
    Duration calculationTime(Object... arguments);

    /**
     * Queues the arguments for a worker (unless cached) and returns a future of the result: what
     * the original lacks. Completes from the cache when a worker has stored the result, or
     * exceptionally with {@link ErroneousFunctionCall}. Queued work waits for
     * {@link #startWorkers(int)} when no workers run.
     *
     * @param arguments the arguments
     * @return the future result
     */
    CompletableFuture<R> submit(Object... arguments);
}
