package io.mppfc;

/**
 * A value cannot be turned into a cache key, or bytes cannot be read back as a footprint.
 *
 * <p>The message names where in the argument the offending part sits, for example
 * {@code argument 1 → map value for key "a" → element 3: java.lang.Thread is not supported}.
 *
 * @since 0.1
 */
public class FootprintException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message what was refused, where, and what to do instead
     */
    public FootprintException(String message) {
        super(message);
    }
}
