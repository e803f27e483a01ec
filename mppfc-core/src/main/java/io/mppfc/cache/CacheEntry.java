package io.mppfc.cache;

import java.time.Duration;

/**
 * A value read from the cache, with the time its computation took.
 *
 * @param value the cached value, possibly {@code null} (a function that returned null)
 * @param computationTime how long the computation took when the value was stored
 * @since 0.1
 */
public record CacheEntry(Object value, Duration computationTime) {
}
