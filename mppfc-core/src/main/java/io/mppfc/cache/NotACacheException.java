package io.mppfc.cache;

import java.io.IOException;

/**
 * A directory given as a cache that is not one ({@link CacheMarker}): refused before anything in
 * it is changed. The message says why and what to do.
 *
 * @since 0.3
 */
public final class NotACacheException extends IOException {

    private static final long serialVersionUID = 1L;

    public NotACacheException(String message) {
        super(message);
    }
}
