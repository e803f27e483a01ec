package io.mppfc.cache.pack;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * One immutable pack file, mapped: many small entries in one file, found through a sorted
 * index without opening anything. Written once by {@link PackWriter} to a temp file and renamed
 * into place, never changed afterwards; so a reader that mapped it reads it safely even while it
 * is replaced and deleted.
 *
 * <pre>
 * offset            size
 *  0                 4   magic "MPFK"
 *  4                 1   pack format version (1)
 *  5                 3   reserved, 0
 *  8                 8   generation: a pack of a higher generation is newer
 * 16                 8   when it was written, milliseconds since the epoch
 * 24                 ..  records: key (32 bytes), then the entry exactly as a loose file holds it
 *                        ({@link EntryFormat}: header, payload, its own CRC32C)
 * index             16n  per record, sorted by key: the key's first 8 bytes, the record's offset
 * size-24            8   index offset
 * size-16            4   record count n
 * size-12            4   CRC32C of the index
 * size-8             4   CRC32C of the header and the 16 footer bytes before this field
 * size-4             4   magic "MPFK"
 * </pre>
 *
 * Everything is big-endian. The key in each record is compared on every lookup, and the entry
 * (format 4) names its key and function inside its checksummed bytes, compared with the record's
 * key and this pack's function directory on every read: an index pointing at the wrong record, or
 * a record's entry copied over another's, is a miss, never another key's value. Every offset the
 * index gives is bounded to the record area when the pack is opened, before anything is read
 * through it.
 */
public final class Pack {

    public static final int MAGIC = 0x4D50464B; // "MPFK"
    static final byte VERSION = 1;
    public static final int HEADER = 24;
    public static final int FOOTER = 24;
    public static final int SLOT = 16;
    public static final int KEY = 32;
    /** Larger packs are split: one mapping addresses at most 2 GiB. */
    public static final long MAX_SIZE = 1L << 30;
    /** The largest file read as a pack: one oversized record may carry a pack past {@link #MAX_SIZE}. */
    static final long LARGEST = MAX_SIZE + MAX_SIZE / 2;

    private final Path path;
    private final long generation;
    private final long createdMillis;
    private final ByteBuffer map;
    private final long indexOffset;
    private final int count;
    /**
     * What every entry in it names as its function ({@link EntryFormat#functionId}): its function
     * directory's; made at the first read of an entry (a SHA-256, and a fold or a writer's
     * listing opens packs it reads no entry of).
     */
    private volatile byte[] functionId;
    /** How many index slots give an offset outside the record area (skipped: their records are unreachable). */
    private final int strayOffsets;
    /** The record offsets in file order, for the extent of a record of a newer entry format; made when first needed. */
    private volatile long[] inFileOrder;
    private volatile long usedMarkedAt;
    /**
     * {@link System#nanoTime} just before the last {@code lstat} that found this pack still in
     * place ({@link PackSet#listedHolds(io.mppfc.cache.CacheKey, long)}), or never if none did.
     */
    private volatile long seenInPlaceAt;
    private volatile boolean seenInPlace;

    private Pack(Path path, long generation, long createdMillis, ByteBuffer map, long indexOffset, int count) {
        this.path = path;
        this.generation = generation;
        this.createdMillis = createdMillis;
        this.map = map;
        this.indexOffset = indexOffset;
        this.count = count;
        int stray = 0;
        for (int i = 0; i < count; i++) {
            stray += inRecordArea(offset(i)) ? 0 : 1;
        }
        this.strayOffsets = stray;
    }

    /**
     * Maps and checks a pack: its header, footer and index (checksums, bounds, order).
     *
     * @throws java.nio.file.NoSuchFileException if it is gone (replaced by a newer pack)
     * @throws CorruptEntryException if it is not a valid pack (the whole file is damaged)
     */
    public static Pack open(Path path) throws IOException, CorruptEntryException {
        MappedByteBuffer map;
        // a FIFO, device or link in a pack's place is refused before it is opened: opening a FIFO blocks
        try (FileGate.Opened opened = FileGate.openRead(path, LARGEST)) {
            FileChannel channel = opened.channel();
            // the size the gate's lstat saw: map checks (its own fstat) that the open file holds that much
            long size = opened.attributes().size();
            if (size < HEADER + FOOTER || size > LARGEST) {
                throw new CorruptEntryException("not a pack: " + size + " bytes");
            }
            try {
                map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            } catch (IOException e) {
                if (channel.size() < size) {
                    throw new CorruptEntryException("not a pack: shorter than when it was opened");
                }
                throw e;
            }
        } catch (RefusedFileException e) {
            throw new CorruptEntryException("not a pack but " + e.kind().description() + " (never opened)");
        }
        ByteBuffer b = map.order(ByteOrder.BIG_ENDIAN);
        int size = b.capacity();
        if (b.getInt(0) != MAGIC || b.getInt(size - 4) != MAGIC) {
            throw new CorruptEntryException("bad magic number (not an mppfc pack)");
        }
        if (NewerFormatException.isNewer(b.get(4), VERSION)) {
            throw new NewerFormatException("pack format version " + b.get(4) + ", written by a newer mppfc (this one "
                    + "reads " + VERSION + "): left in place");
        }
        if (b.get(4) != VERSION) {
            throw new CorruptEntryException("pack format version " + b.get(4) + " is unknown to this mppfc");
        }
        CRC32C footerCrc = new CRC32C();
        footerCrc.update(b.slice(0, HEADER));
        footerCrc.update(b.slice(size - FOOTER, 16));
        if ((int) footerCrc.getValue() != b.getInt(size - 8)) {
            throw new CorruptEntryException("pack header or footer checksum mismatch");
        }
        long indexOffset = b.getLong(size - FOOTER);
        int count = b.getInt(size - 16);
        if (count < 0 || indexOffset < HEADER || indexOffset + (long) SLOT * count + FOOTER != size) {
            throw new CorruptEntryException("pack index bounds do not match the file");
        }
        CRC32C indexCrc = new CRC32C();
        indexCrc.update(b.slice((int) indexOffset, SLOT * count));
        if ((int) indexCrc.getValue() != b.getInt(size - 12)) {
            throw new CorruptEntryException("pack index checksum mismatch");
        }
        Pack pack = new Pack(path, b.getLong(8), b.getLong(16), b, indexOffset, count);
        for (int i = 1; i < count; i++) {
            if (Long.compareUnsigned(pack.prefix(i - 1), pack.prefix(i)) > 0) {
                throw new CorruptEntryException("pack index is not sorted");
            }
        }
        return pack;
    }

    public Path path() {
        return path;
    }

    /** Whether an {@code lstat} begun at or after {@code sinceNanos} found the pack in place. */
    boolean seenInPlaceSince(long sinceNanos) {
        return seenInPlace && seenInPlaceAt - sinceNanos >= 0;
    }

    /** An {@code lstat} begun at {@code nanos} found the pack in place. */
    void seenInPlace(long nanos) {
        if (!seenInPlace || nanos - seenInPlaceAt > 0) {
            seenInPlaceAt = nanos; // racing readers: an older time only costs a later one an lstat
            seenInPlace = true;
        }
    }

    long usedMarkedAt() {
        return usedMarkedAt;
    }

    void usedMarkedAt(long millis) {
        usedMarkedAt = millis;
    }

    public long generation() {
        return generation;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public int count() {
        return count;
    }

    private long prefix(int i) {
        return map.getLong((int) (indexOffset + (long) SLOT * i));
    }

    private long offset(int i) {
        return map.getLong((int) (indexOffset + (long) SLOT * i + 8));
    }

    /**
     * Whether a record can start at {@code at}: after the header, with room before the index for
     * its key and the smallest entry header that declares a length. Every offset read from the
     * index passes here before it is used, so a wrong one is a damaged record, never a read
     * outside the file.
     */
    private boolean inRecordArea(long at) {
        return at >= HEADER && at <= indexOffset - KEY - EntryFormat.HEADER_V2;
    }

    /** How many index slots point outside the record area: damage that verify repairs by rewriting the pack. */
    public int strayOffsets() {
        return strayOffsets;
    }

    /** Where the record of {@code key} starts, or -1 if this pack does not hold it. */
    public long find(CacheKey key) {
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
        for (int i = lo; i < count && prefix(i) == p; i++) {
            long at = offset(i);
            if (inRecordArea(at) && keyAtIs(at, key)) {
                return at;
            }
        }
        return -1;
    }

    private boolean keyAtIs(long at, CacheKey key) {
        for (int w = 0; w < 4; w++) {
            if (map.getLong((int) at + 8 * w) != key.word(w)) {
                return false;
            }
        }
        return true;
    }

    /** The key of the record at {@code at} (an offset from the index or {@link #recordOffsets()}). */
    public CacheKey keyAt(long at) {
        byte[] k = new byte[KEY];
        map.get((int) at, k);
        return CacheKey.of(k);
    }

    /**
     * The entry bytes of the record at {@code at}, checked like a loose file, and checked to name
     * the record's key and this pack's function.
     *
     * @throws CorruptEntryException if the record is damaged, or a {@link NewerFormatException}
     */
    public EntryFormat.Parsed entryAt(long at) throws CorruptEntryException {
        byte[] bytes = entryBytes(at);
        byte[] id = functionId;
        if (id == null) {
            id = EntryFormat.functionId(path.toAbsolutePath().getParent().getParent());
            functionId = id;
        }
        return EntryFormat.parse(bytes, bytes.length, keyAt(at), id);
    }

    /**
     * The raw entry bytes of the record at {@code at}, bounds-checked (not checksummed); of a
     * newer entry format, whose header this mppfc cannot read, the bytes up to the next record.
     */
    public byte[] entryBytes(long at) throws CorruptEntryException {
        byte[] bytes = new byte[recordLength(at) - KEY];
        map.get((int) (at + KEY), bytes);
        return bytes;
    }

    /**
     * The length of the record at {@code at}, its key and entry together, bounded to the record
     * area: what a fold copies whole, and {@link #entryBytes} the entry of.
     *
     * @throws CorruptEntryException if the record runs outside the record area
     */
    public int recordLength(long at) throws CorruptEntryException {
        if (!inRecordArea(at)) {
            throw new CorruptEntryException("record outside the pack's record area");
        }
        long start = at + KEY;
        long length = newerFormatAt(at) ? extent(at) - start : EntryFormat.declaredLength(map, (int) start);
        if (length < 0 || start + length > indexOffset) {
            throw new CorruptEntryException("record runs past the pack's record area");
        }
        return (int) (KEY + length);
    }

    /** The first 8 bytes of the key of the record at {@code at} (an offset the index gave), as a slot holds them. */
    public long prefixAt(long at) {
        return map.getLong((int) at);
    }

    /** Copies the record at {@code at}, key first, into {@code into}: {@code length} bytes ({@link #recordLength}). */
    public void copyRecord(long at, byte[] into, int length) {
        map.get((int) at, into, 0, length);
    }

    private boolean newerFormatAt(long at) {
        return map.get((int) (at + KEY + 4)) > EntryFormat.VERSION;
    }

    /** Where the record after the one at {@code at} starts (the records lie end to end), or the index. */
    private long extent(long at) {
        long[] sorted = inFileOrder;
        if (sorted == null) {
            sorted = recordOffsets();
            java.util.Arrays.sort(sorted);
            inFileOrder = sorted;
        }
        int i = java.util.Arrays.binarySearch(sorted, at);
        while (i >= 0 && i + 1 < sorted.length && sorted[i + 1] == at) {
            i++;
        }
        return i >= 0 && i + 1 < sorted.length ? sorted[i + 1] : indexOffset;
    }

    /**
     * The length of the entry in the record at {@code at} (an offset {@link #recordOffsets()}
     * gave), from its header, as a loose file it would have this size; bounded by the record area.
     */
    public long entryLength(long at) {
        long declared = newerFormatAt(at) ? extent(at) - at - KEY : EntryFormat.declaredLength(map, (int) (at + KEY));
        return Math.min(declared, indexOffset - at - KEY);
    }

    /** The computation time in the header of the record at {@code at}. */
    public long computeNanosAt(long at) {
        return EntryFormat.declaredComputeNanos(map, (int) (at + KEY));
    }

    /** The offsets of the records, in index (key) order: those inside the record area ({@link #strayOffsets()} are not). */
    public long[] recordOffsets() {
        long[] offsets = new long[count - strayOffsets];
        int n = 0;
        for (int i = 0; i < count; i++) {
            long at = offset(i);
            if (inRecordArea(at)) {
                offsets[n++] = at;
            }
        }
        return offsets;
    }

    /** The bytes of the records' entries, summed (what the entries would be as loose files, without blocks). */
    long recordBytes() {
        return indexOffset - HEADER - (long) KEY * count;
    }
}
