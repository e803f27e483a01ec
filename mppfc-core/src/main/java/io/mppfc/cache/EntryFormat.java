package io.mppfc.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The bytes of one cache entry file. Version 3 (written now):
 *
 * <pre>
 * offset size
 *  0      4   magic "MPFC"
 *  4      1   entry format version (3)
 *  5      1   codec id
 *  6      1   flags: bit 0 = the value is null (no payload), bit 1 = the payload is zstd-compressed
 *  7      1   reserved, 0
 *  8      8   computation time, nanoseconds
 * 16      4   payload length n
 * 20      4   footprint length f (0: not stored; at most {@link #MAX_FOOTPRINT})
 * 24      8   when the result was stored, milliseconds since the epoch (0: unknown, an older entry
 *             carried into a pack); what {@code staleAfter} measures, since a file's time is its
 *             last use
 * 32      f   the arguments' footprint (their canonical bytes, from which the key was hashed)
 * 32+f    n   payload (the codec's bytes)
 * 32+f+n  4   CRC32C of every byte before it
 * </pre>
 *
 * Version 2 (frozen, still read): the same without the stored time, a 24-byte header. Version 1
 * (mppfc 0.1, frozen, still read): a 20-byte header without the footprint length, no footprint,
 * flag bit 0 only. Everything is big-endian.
 */
final class EntryFormat {

    static final int MAGIC = 0x4D504643; // "MPFC"
    static final byte VERSION = 3;
    /** The fixed part of a version 3 header; the first bytes read of any entry. */
    static final int HEADER = 32;
    static final int HEADER_V2 = 24;
    static final int HEADER_V1 = 20;
    static final int TRAILER = 4;
    /** Arguments with a larger footprint are not stored in the entry (its size would double). */
    static final int MAX_FOOTPRINT = 64 * 1024;
    static final byte FLAG_NULL = 1;
    static final byte FLAG_ZSTD = 2;

    /** A checked entry: which codec wrote it, its arguments' footprint (maybe empty), its payload, how long it took. */
    record Parsed(byte codecId, byte flags, long computeNanos, long storedAtMillis, byte[] footprint,
            ByteBuffer payload) {

        boolean isNull() {
            return (flags & FLAG_NULL) != 0;
        }

        boolean compressed() {
            return (flags & FLAG_ZSTD) != 0;
        }
    }

    /** What the header says, checked against the size of the file it came from. */
    record Header(byte version, byte codecId, byte flags, long computeNanos, int payloadLength, int footprintLength,
            long storedAtMillis) {

        boolean isNull() {
            return (flags & FLAG_NULL) != 0;
        }

        /** Where the footprint starts. */
        int footprintOffset() {
            return headerLength(version);
        }

        /** Where the payload starts. */
        int payloadOffset() {
            return footprintOffset() + footprintLength;
        }

        /** Where the checksum starts: the length of what it covers. */
        long checkedLength() {
            return payloadOffset() + Integer.toUnsignedLong(payloadLength);
        }
    }

    private EntryFormat() {
    }

    static int headerLength(byte version) {
        return version == 1 ? HEADER_V1 : version == 2 ? HEADER_V2 : HEADER;
    }

    /** The head of an entry: the header and the footprint, before the payload. */
    static byte[] head(byte codecId, byte flags, long computeNanos, long storedAtMillis, byte[] footprint,
            int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + footprint.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(codecId).put(flags).put((byte) 0);
        b.putLong(computeNanos).putInt(payloadLength).putInt(footprint.length).putLong(storedAtMillis).put(footprint);
        return b.array();
    }

    /** A whole entry stored now (tests; big values are written in parts by {@link LooseWriter}). */
    static byte[] encode(byte codecId, long computeNanos, byte[] payload) {
        return encode(codecId, payload == null ? FLAG_NULL : 0, computeNanos, System.currentTimeMillis(), new byte[0],
                payload);
    }

    static byte[] encode(byte codecId, byte flags, long computeNanos, long storedAtMillis, byte[] footprint,
            byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        byte[] head = head(codecId, flags, computeNanos, storedAtMillis, footprint, n);
        ByteBuffer b = ByteBuffer.allocate(head.length + n + TRAILER);
        b.put(head);
        if (payload != null) {
            b.put(payload);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, head.length + n);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Checks the header (the first {@link #HEADER} bytes of the file, or all of a shorter one)
     * against the file's size: a wrong magic, version, flag or length is damage, found before
     * any payload is read or allocated.
     */
    static Header parseHeader(ByteBuffer header, long fileSize) throws CorruptEntryException {
        if (fileSize < HEADER_V1 + TRAILER) {
            throw new CorruptEntryException("truncated: " + fileSize + " bytes, a valid entry has at least "
                    + (HEADER_V1 + TRAILER));
        }
        ByteBuffer b = header.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != MAGIC) {
            throw new CorruptEntryException("bad magic number (not an mppfc entry)");
        }
        byte version = b.get(4);
        if (version < 1 || version > VERSION) {
            throw new CorruptEntryException("entry format version " + version + " is unknown to this mppfc");
        }
        byte codecId = b.get(5);
        byte flags = b.get(6);
        long nanos = b.getLong(8);
        int n = b.getInt(16);
        int f = 0;
        long storedAt = 0;
        if (version >= 2) {
            if (fileSize < headerLength(version) + TRAILER) {
                throw new CorruptEntryException("truncated: " + fileSize + " bytes, a valid entry has at least "
                        + (headerLength(version) + TRAILER));
            }
            f = b.getInt(20);
        }
        if (version >= 3) {
            storedAt = b.getLong(24);
        }
        Header h = new Header(version, codecId, flags, nanos, n, f, storedAt);
        long expected = h.checkedLength() + TRAILER;
        if (n < 0 || f < 0 || expected != fileSize) {
            throw new CorruptEntryException("payload length " + Integer.toUnsignedString(n) + " and footprint length "
                    + Integer.toUnsignedString(f) + " do not match the file (" + fileSize + " bytes): truncated or appended");
        }
        int known = version == 1 ? FLAG_NULL : FLAG_NULL | FLAG_ZSTD;
        boolean isNull = (flags & FLAG_NULL) != 0;
        if ((flags & ~known) != 0 || (isNull && (n != 0 || flags != FLAG_NULL)) || nanos < 0 || b.get(7) != 0
                || f > MAX_FOOTPRINT || storedAt < 0) {
            throw new CorruptEntryException("invalid header fields");
        }
        return h;
    }

    /**
     * The length of the entry at {@code at} in {@code b}, as its header declares it (unchecked:
     * callers bound it), for entries read in place from a pack.
     */
    static long declaredLength(ByteBuffer b, int at) {
        long payload = Integer.toUnsignedLong(b.getInt(at + 16));
        byte version = b.get(at + 4);
        return version == 1 ? HEADER_V1 + payload + TRAILER
                : headerLength(version) + Integer.toUnsignedLong(b.getInt(at + 20)) + payload + TRAILER;
    }

    /** The computation time in the header of the entry at {@code at} in {@code b} (unchecked). */
    static long declaredComputeNanos(ByteBuffer b, int at) {
        return b.getLong(at + 8);
    }

    static Parsed parse(byte[] bytes) throws CorruptEntryException {
        return parse(bytes, bytes.length);
    }

    /** The entry in the first {@code length} bytes of {@code bytes}; the payload is a view of them, not a copy. */
    static Parsed parse(byte[] bytes, int length) throws CorruptEntryException {
        Header h = parseHeader(ByteBuffer.wrap(bytes, 0, Math.min(length, HEADER)).slice(), length);
        int end = (int) h.checkedLength();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        checkCrc(crc, ByteBuffer.wrap(bytes, end, TRAILER).getInt());
        byte[] footprint = java.util.Arrays.copyOfRange(bytes, h.footprintOffset(), h.payloadOffset());
        return new Parsed(h.codecId(), h.flags(), h.computeNanos(), h.storedAtMillis(), footprint,
                ByteBuffer.wrap(bytes, h.payloadOffset(), h.payloadLength()).slice());
    }

    static void checkCrc(CRC32C computed, int stored) throws CorruptEntryException {
        if (stored != (int) computed.getValue()) {
            throw new CorruptEntryException("checksum mismatch (the file was altered or damaged)");
        }
    }
}
