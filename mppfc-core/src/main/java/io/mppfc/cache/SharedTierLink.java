package io.mppfc.cache;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where one {@link DiskCache} meets the shared tier that its function's assembly may put behind
 * it ({@link DiskCache#share}): a local miss asks the tier, a written entry is uploaded to it, and
 * damage in what the tier gave is said to it rather than quarantined here. Until a tier is set
 * a local miss is a miss and nothing is uploaded.
 */
final class SharedTierLink {

    private final EntryLookup lookup;
    private final boolean readOnly;
    private volatile SharedTier tier;

    SharedTierLink(EntryLookup lookup, boolean readOnly) {
        this.lookup = lookup;
        this.readOnly = readOnly;
    }

    /** Set once, before the cache is used. */
    void set(SharedTier tier) {
        this.tier = tier;
    }

    /** The tier, or null. */
    SharedTier tier() {
        return tier;
    }

    /**
     * After a local miss: the tier's entry, stored here first and found again at {@code entry},
     * or in a read-only cache, which is never changed, held in memory; null if the tier has none.
     */
    EntryLookup.Located afterMiss(CacheKey key, Path entry, DiskCache cache) throws IOException {
        SharedTier shared = tier;
        if (shared == null) {
            return null;
        }
        if (readOnly) {
            EntryFormat.Parsed fetched = shared.fetchInMemory(key);
            return fetched == null ? null : new EntryLookup.Located(fetched, null, null, null);
        }
        return shared.fetch(key, cache) ? lookup.locate(entry, key) : null;
    }

    /** An entry a read-only cache holds in memory, as the shared store gave it: neither loose nor packed here. */
    static boolean fromSharedStore(EntryLookup.Located found) {
        return found.loose() == null && found.packed() == null;
    }

    /** A miss: damage here is moved aside, damage from the shared store only said (nothing of it is stored). */
    <T> T damaged(CacheKey key, EntryLookup.Located found, String reason) throws IOException {
        if (fromSharedStore(found)) {
            tier.refused(key, reason);
            return null;
        }
        return lookup.damaged(found, reason);
    }

    /** Queues the upload of an entry written here; returns {@code written}. */
    boolean uploadIfWritten(CacheKey key, boolean written, DiskCache cache) {
        SharedTier shared = tier;
        if (written && shared != null) {
            shared.uploadLater(key, cache);
        }
        return written;
    }
}
