package io.mppfc.protocol;

import java.util.Objects;

/**
 * One protocol frame: a type and its payload bytes.
 *
 * @param type the frame type
 * @param payload the payload (see {@link Messages} for each type's layout)
 */
public record Frame(FrameType type, byte[] payload) {

    /**
     * Checks that both parts are there.
     * @param type the frame type
     * @param payload the payload
     * @throws NullPointerException if either part is null
     */
    public Frame {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
