package io.mppfc.protocol;

import java.io.IOException;

/** A frame's payload does not match its type's layout, or the peer speaks another version. */
public class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public ProtocolException(String message) {
        super(message);
    }
}
