package io.mppfc.cache;

/**
 * What a read found: the entry, or for a miss whether nothing at all was stored for the key (no
 * loose file, no packed record, not even a damaged one or a newer mppfc's), which lets a worker
 * publish the key's new entry in a batch without searching the cache for it again.
 *
 * @param entry the entry, or null for a miss
 * @param nothingStored for a miss, whether nothing at all was stored for the key; false for a hit
 */
public record CacheRead(CacheEntry entry, boolean nothingStored) {

    static final CacheRead NOTHING = new CacheRead(null, true);
    static final CacheRead UNUSABLE = new CacheRead(null, false);
}
