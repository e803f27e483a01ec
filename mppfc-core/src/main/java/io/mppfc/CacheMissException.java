package io.mppfc;

/**
 * A result was asked of the cache only, and none is cached for those arguments.
 *
 * @since 0.1
 */
public class CacheMissException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     * @param message which function, which arguments, and where it looked
     */
    public CacheMissException(String message) {
        super(message);
    }
}
