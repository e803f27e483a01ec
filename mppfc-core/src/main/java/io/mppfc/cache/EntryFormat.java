package io.mppfc.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The bytes of one cache entry file (version 1, frozen):
 *
 * <pre>
 * offset size
 *  0      4   magic "MPFC"
 *  4      1   entry format version (1)
 *  5      1   codec id
 *  6      1   flags: bit 0 set = the value is null (no payload)
 *  7      1   reserved, 0
 *  8      8   computation time, nanoseconds, big-endian
 * 16      4   payload length n, big-endian
 * 20      n   payload (the codec's bytes)
 * 20+n    4   CRC32C of bytes 0 .. 20+n-1
 * </pre>
 */
final class EntryFormat {

    static final int MAGIC = 0x4D504643; // "MPFC"
    static final byte VERSION = 1;
    static final int HEADER = 20;
    static final int TRAILER = 4;
    private static final byte FLAG_NULL = 1;

    /** A checked entry: which codec wrote it, its payload, and how long the value took. */
    record Parsed(byte codecId, boolean isNull, long computeNanos, byte[] payload) {
    }

    private EntryFormat() {
    }

    static byte[] encode(byte codecId, long computeNanos, byte[] payload) {
        boolean isNull = payload == null;
        int n = isNull ? 0 : payload.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER + n + TRAILER).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(codecId).put(isNull ? FLAG_NULL : 0).put((byte) 0);
        b.putLong(computeNanos).putInt(n);
        if (!isNull) {
            b.put(payload);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER + n);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** What the 20 header bytes say, checked against the file's size before anything else is read. */
    record Header(byte codecId, boolean isNull, long computeNanos, int payloadLength) {
    }

    /**
     * Checks the header against the size of the file it came from: a wrong magic, version,
     * flag or length is damage, found before any payload is read or allocated.
     */
    static Header parseHeader(ByteBuffer header, long fileSize) throws CorruptEntryException {
        if (fileSize < HEADER + TRAILER) {
            throw new CorruptEntryException("truncated: " + fileSize + " bytes, a valid entry has at least "
                    + (HEADER + TRAILER));
        }
        ByteBuffer b = header.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (b.getInt() != MAGIC) {
            throw new CorruptEntryException("bad magic number (not an mppfc entry)");
        }
        byte version = b.get();
        if (version != VERSION) {
            throw new CorruptEntryException("entry format version " + version + " is unknown to this mppfc");
        }
        byte codecId = b.get();
        byte flags = b.get();
        b.get();
        long nanos = b.getLong();
        int n = b.getInt();
        if (Integer.toUnsignedLong(n) != fileSize - HEADER - TRAILER) {
            throw new CorruptEntryException("payload length " + Integer.toUnsignedString(n) + " does not match the file ("
                    + (fileSize - HEADER - TRAILER) + " bytes of payload): truncated or appended");
        }
        boolean isNull = (flags & FLAG_NULL) != 0;
        if ((flags & ~FLAG_NULL) != 0 || (isNull && n != 0) || nanos < 0) {
            throw new CorruptEntryException("invalid header fields");
        }
        return new Header(codecId, isNull, nanos, n);
    }

    static Parsed parse(byte[] bytes) throws CorruptEntryException {
        return parse(bytes, bytes.length);
    }

    /** The entry in the first {@code length} bytes of {@code bytes}. */
    static Parsed parse(byte[] bytes, int length) throws CorruptEntryException {
        Header h = parseHeader(ByteBuffer.wrap(bytes, 0, Math.min(length, HEADER)), length);
        int n = h.payloadLength();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER + n);
        checkCrc(crc, ByteBuffer.wrap(bytes, HEADER + n, TRAILER).getInt());
        byte[] payload = new byte[n];
        System.arraycopy(bytes, HEADER, payload, 0, n);
        return new Parsed(h.codecId(), h.isNull(), h.computeNanos(), payload);
    }

    static void checkCrc(CRC32C computed, int stored) throws CorruptEntryException {
        if (stored != (int) computed.getValue()) {
            throw new CorruptEntryException("checksum mismatch (the file was altered or damaged)");
        }
    }
}
