package io.mppfc.cache;

import java.time.Duration;
import java.time.Instant;

/**
 * A value read from the cache, with the time its computation took and when it was stored.
 *
 * @param value the cached value, possibly {@code null} (a function that returned null)
 * @param computationTime how long the computation took when the value was stored
 * @param storedAt when it was stored; {@link Instant#EPOCH} if the entry is older than mppfc
 *     0.2, which did not record it
 * @since 0.1
 */
public record CacheEntry(Object value, Duration computationTime, Instant storedAt) {
}
