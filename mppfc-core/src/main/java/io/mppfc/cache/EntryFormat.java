package io.mppfc.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The bytes of one cache entry file. Version 4 (written now):
 *
 * <pre>
 * offset size
 *  0      4   magic "MPFC"
 *  4      1   entry format version (4)
 *  5      1   codec id
 *  6      1   flags: bit 0 = the value is null (no payload), bit 1 = the payload is zstd-compressed
 *  7      1   reserved, 0
 *  8      8   computation time, nanoseconds
 * 16      4   payload length n
 * 20      4   footprint length f (0: not stored; at most {@link #MAX_FOOTPRINT})
 * 24      8   when the result was stored, milliseconds since the epoch (0: unknown, an older entry
 *             carried into a pack); what {@code staleAfter} measures, since a file's time is its
 *             last use
 * 32     32   the key the entry was stored under
 * 64     16   the function and code version it was stored for: the first 16 bytes of the SHA-256
 *             of its function directory's name, {@code <function>[@<code version>]} ({@link #functionId})
 * 80      f   the arguments' footprint (their canonical bytes, from which the key was hashed)
 * 80+f    n   payload (the codec's bytes)
 * 80+f+n  4   CRC32C of every byte before it
 * </pre>
 *
 * The key and the function are inside the checksummed bytes and are compared on every read, so an
 * entry copied onto another key's name, over another record of a pack, or into another function's
 * or code version's directory is damage, never another call's value. Version 3 (frozen, still
 * read): the same without the key and the function, a 32-byte header. Version 2: without the
 * stored time, a 24-byte header. Version 1 (mppfc 0.1): a 20-byte header without the footprint
 * length, no footprint, flag bit 0 only. An older entry that holds its arguments' footprint is
 * tied to its key by hashing the footprint where the reader knows how (the function's keys). A
 * version from 5 to {@link NewerFormatException#NEWEST_PLAUSIBLE} was written by a newer mppfc:
 * {@link NewerFormatException}, a miss left where it is; a higher one is damage. Everything is big-endian.
 */
public final class EntryFormat {

    static final int MAGIC = 0x4D504643; // "MPFC"
    public static final byte VERSION = 4;
    /** The fixed part of a version 4 header; the first bytes read of any entry. */
    static final int HEADER = 80;
    static final int HEADER_V3 = 32;
    public static final int HEADER_V2 = 24;
    static final int HEADER_V1 = 20;
    static final int TRAILER = 4;
    static final int KEY_AT = 32;
    public static final int KEY = 32;
    static final int FUNCTION_AT = KEY_AT + KEY;
    /**
     * 16 bytes of SHA-256 tell a function directory from every other one a cache holds (a chance
     * collision is 2^-128; a forger able to write entries needs no collision anyway): half the
     * bytes of a whole hash, and a fixed length, unlike the name itself (up to 255 bytes).
     */
    static final int FUNCTION_ID = 16;
    /** Arguments with a larger footprint are not stored in the entry (its size would double). */
    static final int MAX_FOOTPRINT = 64 * 1024;
    static final byte FLAG_NULL = 1;
    static final byte FLAG_ZSTD = 2;

    /** A checked entry: which codec wrote it, its arguments' footprint (maybe empty), its payload, how long it took. */
    public record Parsed(byte version, byte codecId, byte flags, long computeNanos, long storedAtMillis, byte[] footprint,
            ByteBuffer payload) {

        public boolean isNull() {
            return (flags & FLAG_NULL) != 0;
        }

        boolean compressed() {
            return (flags & FLAG_ZSTD) != 0;
        }
    }

    /** What the header says, checked against the size of the file it came from. */
    public record Header(byte version, byte codecId, byte flags, long computeNanos, int payloadLength, int footprintLength,
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
        return switch (version) {
            case 1 -> HEADER_V1;
            case 2 -> HEADER_V2;
            case 3 -> HEADER_V3;
            default -> HEADER;
        };
    }

    /** What ties entries to a function directory: 16 bytes of the SHA-256 of its name (computed once per cache). */
    public static byte[] functionId(java.nio.file.Path functionDirectory) {
        java.nio.file.Path last = functionDirectory == null ? null : functionDirectory.getFileName();
        byte[] name = (last == null ? "" : last.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // not MessageDigest: a worker's first would load the security providers on its way to READY
        return java.util.Arrays.copyOf(io.mppfc.code.Sha256.of(name), FUNCTION_ID);
    }

    /** The head of an entry: the header and the footprint, before the payload. */
    static byte[] head(CacheKey key, byte[] functionId, byte codecId, byte flags, long computeNanos,
            long storedAtMillis, byte[] footprint, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + footprint.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).put(VERSION).put(codecId).put(flags).put((byte) 0);
        b.putLong(computeNanos).putInt(payloadLength).putInt(footprint.length).putLong(storedAtMillis);
        b.put(key.bytes()).put(functionId, 0, FUNCTION_ID).put(footprint);
        return b.array();
    }

    /** A whole entry (tests; big values are written in parts by {@link LooseWriter}). */
    static byte[] encode(CacheKey key, byte[] functionId, byte codecId, byte flags, long computeNanos,
            long storedAtMillis, byte[] footprint, byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        byte[] head = head(key, functionId, codecId, flags, computeNanos, storedAtMillis, footprint, n);
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
        if (NewerFormatException.isNewer(version, VERSION)) {
            throw new NewerFormatException("entry format version " + version + ", written by a newer mppfc (this one "
                    + "reads up to " + VERSION + "): left in place");
        }
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
    public static long declaredLength(ByteBuffer b, int at) {
        long payload = Integer.toUnsignedLong(b.getInt(at + 16));
        byte version = b.get(at + 4);
        return version == 1 ? HEADER_V1 + payload + TRAILER
                : headerLength(version) + Integer.toUnsignedLong(b.getInt(at + 20)) + payload + TRAILER;
    }

    /** The computation time in the header of the entry at {@code at} in {@code b} (unchecked). */
    public static long declaredComputeNanos(ByteBuffer b, int at) {
        return b.getLong(at + 8);
    }

    /** The entry in {@code bytes}, checked in format and checksum but not against a key (what verify can say of bytes alone). */
    public static Parsed parse(byte[] bytes) throws CorruptEntryException {
        return parse(bytes, bytes.length, null, null);
    }

    /**
     * The entry in the first {@code length} bytes of {@code bytes}, checked to be the one of
     * {@code key} in the function directory of {@code functionId} (unless {@code key} is null);
     * the payload is a view of them, not a copy.
     */
    public static Parsed parse(byte[] bytes, int length, CacheKey key, byte[] functionId) throws CorruptEntryException {
        Header h = parseHeader(ByteBuffer.wrap(bytes, 0, Math.min(length, HEADER)).slice(), length);
        int end = (int) h.checkedLength();
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, end);
        checkCrc(crc, ByteBuffer.wrap(bytes, end, TRAILER).getInt());
        if (key != null) {
            checkOwner(h, bytes, key, functionId);
        }
        byte[] footprint = java.util.Arrays.copyOfRange(bytes, h.footprintOffset(), h.payloadOffset());
        return new Parsed(h.version(), h.codecId(), h.flags(), h.computeNanos(), h.storedAtMillis(), footprint,
                ByteBuffer.wrap(bytes, h.payloadOffset(), h.payloadLength()).slice());
    }

    /**
     * Checks that a version 4 entry, whose first bytes are {@code head}, is the one of {@code key}
     * in the function directory of {@code functionId}: two compares of the checksummed bytes in
     * place. Older entries carry neither (their key is checked by their footprint, where known).
     */
    static void checkOwner(Header h, byte[] head, CacheKey key, byte[] functionId) throws CorruptEntryException {
        if (h.version() < 4) {
            return;
        }
        if (!key.isAt(head, KEY_AT)) {
            throw new CorruptEntryException("holds the entry of another key (copied onto this key's name?)");
        }
        if (!java.util.Arrays.equals(head, FUNCTION_AT, FUNCTION_AT + FUNCTION_ID, functionId, 0, FUNCTION_ID)) {
            throw new CorruptEntryException("was stored for another function or code version (copied from another "
                    + "directory?)");
        }
    }

    /**
     * The whole entry a {@link #parse}d one was read from, byte for byte: its payload is a view
     * of those bytes (null for an entry read in parts, over 1 MiB).
     */
    public static byte[] bytesOf(Parsed parsed) {
        ByteBuffer payload = parsed.payload();
        if (!payload.hasArray()) {
            return null;
        }
        return java.util.Arrays.copyOf(payload.array(), payload.arrayOffset() + payload.limit() + TRAILER);
    }

    static void checkCrc(CRC32C computed, int stored) throws CorruptEntryException {
        if (stored != (int) computed.getValue()) {
            throw new CorruptEntryException("checksum mismatch (the file was altered or damaged)");
        }
    }

    /**
     * The entry of {@code key} in {@code bytes}, checked, as it is uploaded to a store that keeps
     * arguments out ({@code mppfc push}): in format 4, which names its key and function inside its
     * checksum, without its footprint.
     *
     * @return the entry without arguments; null for an entry of an older format, which without
     *     its arguments no reader could tell from another key's
     * @throws CorruptEntryException if {@code bytes} is not an intact entry of {@code key}
     */
    public static byte[] withoutArguments(byte[] bytes, CacheKey key, byte[] functionId) throws CorruptEntryException {
        Parsed parsed = parse(bytes, bytes.length, key, functionId);
        if (parsed.version() < 4) {
            return null;
        }
        if (parsed.footprint().length == 0) {
            return bytes;
        }
        byte[] payload = new byte[parsed.payload().remaining()];
        parsed.payload().duplicate().get(payload);
        return encode(key, functionId, parsed.codecId(), parsed.flags(), parsed.computeNanos(), parsed.storedAtMillis(),
                new byte[0], payload);
    }
}
