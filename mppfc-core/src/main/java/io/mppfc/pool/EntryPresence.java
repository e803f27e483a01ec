package io.mppfc.pool;

import io.mppfc.cache.CacheKey;

/**
 * Whether a task's entry is in the cache, asked before a worker's DONE is believed. The store
 * answers for a time: an entry seen in place at some instant at or after it counts, which lets
 * one look at a pack serve every DONE that one read of the pipe brought.
 */
@FunctionalInterface
public interface EntryPresence {

    /**
     * Whether an entry of the key was in place at some instant at or after {@code sinceNanos}.
     *
     * @param key the key
     * @param sinceNanos {@link System#nanoTime} when the frame asking was read
     * @return whether it was in place since then
     */
    boolean presentSince(CacheKey key, long sinceNanos);

    /**
     * Whether an entry of the key is in place now.
     *
     * @param key the key
     * @return whether a look now finds it
     */
    default boolean presentNow(CacheKey key) {
        return presentSince(key, System.nanoTime());
    }
}
