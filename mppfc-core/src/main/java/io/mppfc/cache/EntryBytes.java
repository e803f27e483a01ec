package io.mppfc.cache;

import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.codec.ValueCodec;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of one entry, encoded but not written: head, payload and checksum, exactly what
 * {@link DiskCache#write} puts in a file (the current format, naming its key and function directory). A worker that does not write the cache sends these to
 * its coordinator; the coordinator stores them as they came ({@link IncomingEntry}).
 */
public final class EntryBytes {

    /** The longest entry there can be: the largest header and footprint, a 2 GiB payload, the checksum. */
    public static final long MAX_LENGTH = EntryFormat.HEADER + EntryFormat.MAX_FOOTPRINT + (long) Integer.MAX_VALUE
            + EntryFormat.TRAILER;

    /**
     * Smaller payloads are stored as they are even when compressing: measured on a {@code double},
     * zstd adds 9 bytes and 20 µs to a read (scripts/bench entries).
     */
    static final int COMPRESS_FROM = 4096;

    private final byte[] head;
    private final ByteBuffer payload;

    EntryBytes(byte[] head, ByteBuffer payload) {
        this.head = head;
        this.payload = payload;
    }

    /** The checksum of head and payload: what a loose write computes as it writes, and {@link #inParts} here. */
    private int crc() {
        CRC32C sum = new CRC32C();
        sum.update(head);
        sum.update(payload.duplicate());
        return (int) sum.getValue();
    }

    /**
     * Encodes a value as {@link DiskCache#write} stores it (without its in-place path, which writes
     * straight into a mapped file; the bytes are the same).
     *
     * @param key the key the entry is stored under, which the entry names
     * @param functionId the id of the function directory it is stored in ({@link EntryFormat#functionId}),
     *     which the entry names
     * @param codec the codec of the function's results
     * @param compressionLevel the zstd level, or 0 for none
     * @param value the value, possibly null
     * @param computeNanos how long computing it took
     * @param arguments the footprint of its arguments (not stored if over 64 KiB)
     * @return the entry's bytes
     * @throws CodecException if the codec cannot encode the value, or it is larger than an entry can hold
     */
    public static EntryBytes encode(CacheKey key, byte[] functionId, ValueCodec codec, int compressionLevel,
            Object value, long computeNanos, byte[] arguments) throws CodecException {
        byte flags = value == null ? EntryFormat.FLAG_NULL : 0;
        byte[] footprint = arguments.length <= EntryFormat.MAX_FOOTPRINT ? arguments : new byte[0];
        long nanos = Math.max(0, computeNanos);
        long storedAt = System.currentTimeMillis();
        byte[] plain = PlainValues.encode(value);
        byte codecId = plain != null ? PlainValues.ID : Codecs.id(codec.codec());
        ByteBuffer payload;
        if (plain != null) {
            payload = ByteBuffer.wrap(plain);
        } else {
            payload = value == null ? ByteBuffer.allocate(0) : codec.encodeToBuffer(value);
        }
        if (compressionLevel != 0 && payload.remaining() >= COMPRESS_FROM) {
            payload = Compression.compress(payload, compressionLevel);
            flags |= EntryFormat.FLAG_ZSTD;
        }
        return new EntryBytes(EntryFormat.head(key, functionId, codecId, flags, nanos, storedAt, footprint,
                payload.remaining()), payload);
    }

    /**
     * Checks, before any value is encoded, that entries can be compressed at {@code level}.
     *
     * @param level a zstd level, or 0 for none
     * @throws IllegalStateException if {@code com.github.luben:zstd-jni} is not on the classpath
     */
    public static void requireCompression(int level) {
        if (level > 0) {
            Compression.requireAvailable();
        }
    }

    byte[] head() {
        return head;
    }

    ByteBuffer payload() {
        return payload.duplicate();
    }

    /**
     * Returns the entry's length in bytes.
     *
     * @return head, payload and checksum
     */
    public long length() {
        return (long) head.length + payload.remaining() + EntryFormat.TRAILER;
    }

    /** Receives the entry's bytes in parts. */
    @FunctionalInterface
    public interface Part<E extends Exception> {
        /**
         * @param bytes the next bytes (position to limit); valid only during the call
         * @throws E as the receiver throws
         */
        void accept(ByteBuffer bytes) throws E;
    }

    /**
     * Gives the entry's bytes, in order, in parts of at most {@code size} bytes, without copying
     * the payload.
     *
     * @param size the most bytes in one part
     * @param part what receives them
     * @throws E as {@code part} throws
     */
    public <E extends Exception> void inParts(int size, Part<E> part) throws E {
        ByteBuffer trailer = ByteBuffer.allocate(EntryFormat.TRAILER).putInt(0, crc());
        if (length() <= size) { // the usual small result: one part
            part.accept(ByteBuffer.allocate((int) length()).put(head).put(payload.duplicate()).put(trailer).flip());
            return;
        }
        for (int at = 0; at < head.length; at += size) {
            part.accept(ByteBuffer.wrap(head, at, Math.min(size, head.length - at)));
        }
        ByteBuffer all = payload.duplicate();
        while (all.hasRemaining()) {
            int n = Math.min(size, all.remaining());
            part.accept(all.slice().limit(n));
            all.position(all.position() + n);
        }
        part.accept(trailer);
    }
}
