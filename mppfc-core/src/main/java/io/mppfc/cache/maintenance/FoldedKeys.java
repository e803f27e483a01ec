package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.pack.Pack;
import io.mppfc.files.Nonces;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys a fold has copied, told apart by their records' first 8 bytes: a set of objects, one
 * made per record, was a fifth of a fold's merge. Records whose first 8 bytes match one copied
 * before are compared by their whole keys (read from their packs then), so two keys are never
 * taken for one, however their prefixes were chosen.
 */
final class FoldedKeys {

    /** Where slots start: a per-process secret, so that no set of keys piles into one run of slots. */
    private static final long SEED = Nonces.nextLong();

    private final long[] prefixes;
    /** The pack of the first record copied with each slot's prefix; null for an empty slot. */
    private final Pack[] packs;
    private final long[] offsets;
    private final int shift;
    /** The whole keys of every prefix seen more than once; made at the first such prefix. */
    private Set<CacheKey> sharingAPrefix;

    /** A set for up to {@code records} records. */
    FoldedKeys(int records) {
        int bits = Math.max(4, 64 - Long.numberOfLeadingZeros(Math.max(1, records) * 2L - 1));
        prefixes = new long[1 << bits];
        packs = new Pack[1 << bits];
        offsets = new long[1 << bits];
        shift = 64 - bits;
    }

    /**
     * Takes the key of the record at {@code at} in {@code pack}.
     *
     * @return whether it was not taken before (false: a record of the same key came first)
     */
    boolean add(Pack pack, long at) {
        long prefix = pack.prefixAt(at);
        int mask = packs.length - 1;
        for (int slot = (int) (((prefix ^ SEED) * 0x9E3779B97F4A7C15L) >>> shift); ; slot = (slot + 1) & mask) {
            if (packs[slot] == null) {
                packs[slot] = pack;
                prefixes[slot] = prefix;
                offsets[slot] = at;
                return true;
            }
            if (prefixes[slot] == prefix) {
                if (sharingAPrefix == null) {
                    sharingAPrefix = new HashSet<>();
                }
                sharingAPrefix.add(packs[slot].keyAt(offsets[slot]));
                return sharingAPrefix.add(pack.keyAt(at));
            }
        }
    }
}
