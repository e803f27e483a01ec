package io.mppfc.cache;

import java.io.IOException;

/**
 * A cache directory in a layout this mppfc does not read (an older one to upgrade, or a newer
 * one): refused as a whole, never read as empty. The message says what to do.
 *
 * @since 0.2
 */
public final class IncompatibleCacheException extends IOException {

    private static final long serialVersionUID = 1L;

    IncompatibleCacheException(String message) {
        super(message);
    }
}
