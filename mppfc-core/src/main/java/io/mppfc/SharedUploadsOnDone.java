package io.mppfc;

import io.mppfc.cache.DiskCache;
import io.mppfc.cache.SharedTier;
import io.mppfc.pool.EntryPresence;

/**
 * What the coordinator checks when a worker reports a result done: that its entry is in place;
 * with a shared store, it then uploads that entry, so workers need no credentials.
 */
final class SharedUploadsOnDone {

    private SharedUploadsOnDone() {
    }

    static EntryPresence presence(DiskCache cache) {
        SharedTier tier = cache.sharedTier();
        if (tier == null) {
            return cache::isPresentSince;
        }
        return (key, sinceNanos) -> {
            boolean present = cache.isPresent(key); // a look now, so the upload reads what is in place
            if (present) {
                tier.uploadComputedElsewhere(key, cache);
            }
            return present;
        };
    }
}
