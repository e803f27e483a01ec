package io.mppfc;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.SharedTier;
import java.util.function.Predicate;

/**
 * What the coordinator checks when a worker reports a result done: that its entry is in place;
 * with a shared store, it then uploads that entry, so workers need no credentials.
 */
final class SharedUploadsOnDone {

    private SharedUploadsOnDone() {
    }

    static Predicate<CacheKey> presence(DiskCache cache) {
        SharedTier tier = cache.sharedTier();
        if (tier == null) {
            return io.mppfc.pool.EntryPresence.of(cache::isPresent, cache::isPresentSince);
        }
        return key -> {
            boolean present = cache.isPresent(key);
            if (present) {
                tier.uploadComputedElsewhere(key, cache);
            }
            return present;
        };
    }
}
