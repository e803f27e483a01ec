package io.mppfc.cache;

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

    /**
     * Returns the codec, which fixes the id stored in each entry.
     *
     * @return the codec, which fixes the id stored in each entry
     */
    Codec codec();

    /**
     * Returns its bytes.
     *
     * @param value a non-null value
     * @return its bytes
     * @throws CodecException if the value cannot be encoded (a class the codec refuses, say)
     */
    byte[] encode(Object value) throws CodecException;

    /**
     * Returns the value.
     *
     * @param bytes bytes produced by {@link #encode(Object)} of the same codec
     * @return the value
     * @throws CodecException if the bytes are malformed or name a class that is not allowed
     */
    Object decode(byte[] bytes) throws CodecException;
}
