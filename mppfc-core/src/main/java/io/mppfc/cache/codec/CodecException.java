package io.mppfc.cache.codec;

/**
 * A value could not be encoded, or a cache entry's payload could not be decoded.
 *
 * @since 0.1
 */
public class CodecException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what failed and why
     * @param cause the codec's own exception, if any
     */
    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
