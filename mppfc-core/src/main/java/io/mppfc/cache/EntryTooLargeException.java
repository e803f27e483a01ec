package io.mppfc.cache;

import java.io.IOException;

/** A valid entry larger than this JVM's heap can decode: not damage, so it stays where it is. */
public final class EntryTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    EntryTooLargeException(String message) {
        super(message);
    }
}
