package io.mppfc.cache.pack;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFormat;
import io.mppfc.files.FileGate;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The index of a pack in a shared store, an object of its own uploaded after the pack: a
 * lookup reads it once and then fetches one record with a ranged read, so a cache of a million
 * results is a few objects. A pack whose index is not there is not there (an interrupted push
 * leaves nothing half-visible).
 *
 * <pre>
 * offset   size
 *  0        4   magic "MPFX"
 *  4        1   format version (1)
 *  5        3   reserved, 0
 *  8        8   the pack's size
 * 16       32   SHA-256 of the whole pack
 * 48        4   record count n
 * 52      36n   per record, sorted by key: the key's first 8 bytes, the record's offset (8) and
 *               length (4: key and entry), the first 16 bytes of the SHA-256 of the record
 * size-8    4   CRC32C of everything before
 * size-4    4   magic "MPFX"
 * </pre>
 *
 * The hashes are what make a signed index cover its pack: the store signs the index (it is an
 * ordinary object), not the pack, whose records are read in ranges. A record read is believed
 * only if its hash matches, it starts with the key asked for, and its entry parses naming that
 * key and the function ({@link EntryFormat#parse}); a pulled pack only if its whole hash matches.
 */
public final class RemotePackIndex {

    static final int MAGIC = 0x4D504658; // "MPFX"
    static final byte VERSION = 1;
    static final int HEAD = 52;
    static final int SLOT = 36;
    static final int TAIL = 8;
    static final int HASH = 16;

    private final ByteBuffer index;
    private final int count;

    private RemotePackIndex(ByteBuffer index, int count) {
        this.index = index;
        this.count = count;
    }

    /** The largest index of a pack of {@code records}, in bytes. */
    static long sizeOf(long records) {
        return HEAD + SLOT * records + TAIL;
    }

    /**
     * The index of a pack file: the records that parse as entries of {@code functionId} (damage is
     * left out, so it is never offered), and the hash of the whole file.
     *
     * @param file a pack, which is immutable
     * @param functionId the function its entries name ({@link EntryFormat#functionId})
     * @return the index object's bytes
     * @throws CorruptEntryException if the file is not a valid pack
     */
    public static byte[] of(Path file, byte[] functionId) throws IOException, CorruptEntryException {
        Pack pack = Pack.open(file);
        long[] offsets = pack.recordOffsets();
        ByteBuffer slots = ByteBuffer.allocate(SLOT * offsets.length).order(ByteOrder.BIG_ENDIAN);
        int n = 0;
        MessageDigest sha = Footprint.sha256();
        for (long at : offsets) {
            CacheKey key = pack.keyAt(at);
            byte[] entry;
            try {
                entry = pack.entryBytes(at);
                EntryFormat.parse(entry, entry.length, key, functionId);
            } catch (CorruptEntryException e) {
                continue; // damaged, or a newer mppfc's: not offered
            }
            sha.reset();
            sha.update(key.bytes());
            sha.update(entry);
            slots.putLong(key.word(0)).putLong(at).putInt(Pack.KEY + entry.length).put(sha.digest(), 0, HASH);
            n++;
        }
        ByteBuffer out = ByteBuffer.allocate((int) sizeOf(n)).order(ByteOrder.BIG_ENDIAN);
        out.putInt(MAGIC).put(VERSION).put(new byte[3]);
        out.putLong(0).put(new byte[32]).putInt(n); // size and hash filled in below
        out.put(slots.array(), 0, SLOT * n);
        long size = hashFile(file, out.array());
        out.putLong(8, size);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue()).putInt(MAGIC);
        return out.array();
    }

    /** Hashes the whole file into {@code index[16..48)}; returns its size. */
    private static long hashFile(Path file, byte[] index) throws IOException {
        MessageDigest sha = Footprint.sha256();
        long size = 0;
        try (FileGate.Opened opened = FileGate.openRead(file, Pack.LARGEST)) {
            FileChannel channel = opened.channel();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int r; (r = channel.read(buffer.clear())) >= 0;) {
                sha.update(buffer.array(), 0, r);
                size += r;
            }
        }
        System.arraycopy(sha.digest(), 0, index, 16, 32);
        return size;
    }

    /**
     * Reads an index object, checking its checksum, bounds and order.
     *
     * @param bytes the object
     * @return the index
     * @throws CorruptEntryException if it is not a valid index
     */
    public static RemotePackIndex parse(byte[] bytes) throws CorruptEntryException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (bytes.length < HEAD + TAIL || b.getInt(0) != MAGIC || b.getInt(bytes.length - 4) != MAGIC) {
            throw new CorruptEntryException("not an mppfc pack index");
        }
        if (b.get(4) != VERSION) {
            throw new CorruptEntryException("pack index format version " + b.get(4) + " is unknown to this mppfc");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TAIL);
        if ((int) crc.getValue() != b.getInt(bytes.length - TAIL)) {
            throw new CorruptEntryException("pack index checksum mismatch");
        }
        int count = b.getInt(48);
        long packSize = b.getLong(8);
        if (count < 0 || sizeOf(count) != bytes.length || packSize < Pack.HEADER + Pack.FOOTER || packSize > Pack.LARGEST) {
            throw new CorruptEntryException("pack index bounds do not match the object");
        }
        RemotePackIndex index = new RemotePackIndex(b, count);
        for (int i = 0; i < count; i++) {
            long at = index.offset(i);
            int length = index.length(i);
            // at > end - length, not at + length > end: an offset near Long.MAX_VALUE would wrap to a small sum
            if (at < Pack.HEADER || length < Pack.KEY + EntryFormat.HEADER_V2 || at > packSize - Pack.FOOTER - length
                    || (i > 0 && Long.compareUnsigned(index.prefix(i - 1), index.prefix(i)) > 0)) {
                throw new CorruptEntryException("pack index slot " + i + " is out of bounds or out of order");
            }
        }
        return index;
    }

    /**
     * Reads an index this process made ({@link #of}), which is valid by construction.
     *
     * @param bytes the index made
     * @return the index
     */
    public static RemotePackIndex parseChecked(byte[] bytes) {
        try {
            return parse(bytes);
        } catch (CorruptEntryException e) {
            throw new IllegalStateException("an index made here did not parse", e);
        }
    }

    /**
     * The SHA-256 of the whole pack it indexes.
     *
     * @return a copy of the hash
     */
    public byte[] packHash() {
        byte[] own = new byte[32];
        index.get(16, own);
        return own;
    }

    /** How many records it offers. */
    public int count() {
        return count;
    }

    /** The size of the pack it indexes. */
    public long packSize() {
        return index.getLong(8);
    }

    /** Whether {@code sha256} is the hash of the whole pack. */
    public boolean isPackHash(byte[] sha256) {
        byte[] own = new byte[32];
        index.get(16, own);
        return MessageDigest.isEqual(own, sha256);
    }

    /** The first 8 bytes of the key of record {@code i}, in key order. */
    public long prefix(int i) {
        return index.getLong(HEAD + SLOT * i);
    }

    /** Where record {@code i} starts in the pack. */
    public long offset(int i) {
        return index.getLong(HEAD + SLOT * i + 8);
    }

    /** The length of record {@code i}: its key and its entry. */
    public int length(int i) {
        return index.getInt(HEAD + SLOT * i + 16);
    }

    /** The first record whose key starts as {@code key} does, or -1; the next ones may too ({@link #prefix}). */
    public int first(CacheKey key) {
        long p = key.word(0);
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(prefix(mid), p) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < count && prefix(lo) == p ? lo : -1;
    }

    /**
     * The entry of record {@code i}, read as {@code record}: believed only if its hash matches
     * the index, it starts with {@code key}, and it parses naming the key and the function.
     *
     * @param i the record's slot
     * @param record the bytes read at its offset and length
     * @param key the key asked for
     * @param functionId the function's id
     * @return the entry's bytes, as a loose file holds them
     * @throws CorruptEntryException if any check fails
     */
    public byte[] checkedEntry(int i, byte[] record, CacheKey key, byte[] functionId) throws CorruptEntryException {
        if (record.length != length(i)) {
            throw new CorruptEntryException("the record is " + record.length + " bytes, its index says " + length(i));
        }
        byte[] own = new byte[HASH];
        index.get(HEAD + SLOT * i + 20, own);
        if (!MessageDigest.isEqual(own, Arrays.copyOf(Footprint.sha256().digest(record), HASH))) {
            throw new CorruptEntryException("the record does not match its hash in the pack's index");
        }
        if (!key.isAt(record, 0)) {
            throw new CorruptEntryException("the record holds another key");
        }
        byte[] entry = Arrays.copyOfRange(record, Pack.KEY, record.length);
        EntryFormat.parse(entry, entry.length, key, functionId);
        return entry;
    }
}
