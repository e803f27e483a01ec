package io.mppfc.cache.codec;

import io.mppfc.Codec;

/**
 * Turns result values into bytes and back. Each cache entry records the id of the codec
 * that wrote it, so a cache written with one codec is read by the same codec later, or
 * refused clearly when that codec is not available.
 *
 * <p>Decoding reads data from disk: implementations must refuse classes outside the
 * {@link ClassAllowList} they were created with, without instantiating them.
 *
 * @since 0.1
 */
public interface ValueCodec {

    Codec codec();

    /**
     * @param value a non-null value
     * @throws CodecException if the value cannot be encoded (a class the codec refuses, say)
     */
    byte[] encode(Object value) throws CodecException;

    /**
     * @param bytes bytes produced by {@link #encode(Object)} of the same codec
     * @throws CodecException if the bytes are malformed or name a class that is not allowed
     */
    Object decode(byte[] bytes) throws CodecException;

    /**
     * Returns the value, read from the buffer's remaining bytes (which may be a mapped file: a
     * codec that reads buffers directly decodes a large entry without copying it to the heap).
     *
     * @param bytes bytes produced by {@link #encode(Object)} of the same codec
     * @return the value
     * @throws CodecException as {@link #decode(byte[])}
     */
    default Object decode(java.nio.ByteBuffer bytes) throws CodecException {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return decode(copy);
    }

    /**
     * Returns its bytes as a buffer (its remaining bytes), which a codec may return without the
     * copy into an exact-size array that {@link #encode(Object)} needs.
     *
     * @param value a non-null value
     * @return its bytes
     * @throws CodecException as {@link #encode(Object)}
     */
    default java.nio.ByteBuffer encodeToBuffer(Object value) throws CodecException {
        return java.nio.ByteBuffer.wrap(encode(value));
    }
}
