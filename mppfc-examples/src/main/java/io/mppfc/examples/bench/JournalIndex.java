package io.mppfc.examples.bench;

import java.nio.ByteBuffer;

/**
 * Where each key's record is in a journal: an open-addressing table keyed by the key's first
 * eight bytes (16 bytes a key, no object per entry). Two keys that share those bytes both stay:
 * a lookup walks every slot with that word and the caller compares the whole key, which every
 * record holds.
 */
final class JournalIndex {

    private long[] words = new long[1024];
    private long[] places = new long[1024]; // offset << 24 | length; 0 = empty (no record starts at 0)
    private int size;

    static long word(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }

    void put(byte[] key, long offset, int recordLength) {
        if (2 * (size + 1) > words.length) {
            grow();
        }
        insert(word(key), offset << 24 | Math.min(recordLength, 0xFFFFFF));
        size++;
    }

    private void insert(long word, long place) {
        int mask = words.length - 1;
        int slot = (int) mix(word) & mask;
        while (places[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        words[slot] = word;
        places[slot] = place;
    }

    private void grow() {
        long[] oldWords = words;
        long[] oldPlaces = places;
        words = new long[oldWords.length * 2];
        places = new long[oldWords.length * 2];
        for (int i = 0; i < oldWords.length; i++) {
            if (oldPlaces[i] != 0) {
                insert(oldWords[i], oldPlaces[i]);
            }
        }
    }

    /** The places (offset << 24 | record length, capped) of the records whose key starts with the key's word. */
    long[] candidates(byte[] key) {
        long word = word(key);
        int mask = words.length - 1;
        int slot = (int) mix(word) & mask;
        long[] found = new long[0];
        while (places[slot] != 0) {
            if (words[slot] == word) {
                found = java.util.Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = places[slot];
            }
            slot = (slot + 1) & mask;
        }
        return found;
    }

    int size() {
        return size;
    }

    private static long mix(long w) {
        // keys are SHA-256 already; the multiply only spreads a forged key's word
        return (w * 0x9E3779B97F4A7C15L) >>> 32;
    }
}
