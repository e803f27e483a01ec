package io.mppfc.protocol;

import java.nio.ByteBuffer;

/**
 * The frames that carry a result's entry from a worker that does not write the cache: RESULT
 * announces it, RESULT_CHUNK frames carry its bytes in order, and the task's DONE ends it. The
 * bytes are the entry file exactly as the worker would have written it, which the coordinator
 * checks as it checks any entry read from disk.
 */
public final class ResultMessages {

    /** The most entry bytes one RESULT_CHUNK carries: its frame stays below the coordinator's 1 MiB frame bound. */
    public static final int CHUNK_BYTES = (1 << 20) - 64;

    private ResultMessages() {
    }

    /**
     * An entry follows.
     *
     * @param id the task id
     * @param key the task's 32-byte cache key
     * @param length the entry's length in bytes
     */
    public record Result(long id, byte[] key, long length) {

        public byte[] encode() {
            return new Payload.Out().putLong(id).putBytes(key).putLong(length).toByteArray();
        }

        /**
         * @param payload a RESULT payload
         * @throws ProtocolException if malformed
         */
        public static Result decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.RESULT, payload);
            Result result = new Result(in.getLong(), in.getBytes(), in.getLong());
            in.end();
            if (result.key().length != 32 || result.length() < 0) {
                throw new ProtocolException("malformed RESULT frame: a key has 32 bytes, a length is not negative");
            }
            return result;
        }
    }

    /**
     * The next bytes of an entry.
     *
     * @param id the task id
     * @param bytes the bytes (position to limit), at most {@link #CHUNK_BYTES}
     */
    public record Chunk(long id, ByteBuffer bytes) {

        /** Written by hand: a chunk is a megabyte, and the general encoder would copy it three times. */
        public byte[] encode() {
            ByteBuffer b = bytes.duplicate();
            ByteBuffer out = ByteBuffer.allocate(Long.BYTES + Integer.BYTES + b.remaining());
            out.putLong(id).putInt(b.remaining()).put(b);
            return out.array();
        }

        /**
         * The whole frame, the bytes copied once: {@code FrameWriter.frame(RESULT_CHUNK, encode())}
         * without the second copy of a megabyte.
         *
         * @return the frame
         */
        public byte[] frame() {
            int n = bytes.remaining();
            int payload = Long.BYTES + Integer.BYTES + n;
            byte[] frame = new byte[FrameWriter.HEADER + payload + FrameWriter.TRAILER];
            ByteBuffer.wrap(frame, FrameWriter.HEADER, payload).putLong(id).putInt(n).put(bytes.duplicate());
            FrameWriter.seal(frame, 0, FrameType.RESULT_CHUNK, payload);
            return frame;
        }

        /**
         * Reads a RESULT_CHUNK payload; its bytes are a view of the payload, not a copy.
         *
         * @param payload a RESULT_CHUNK payload
         * @throws ProtocolException if malformed
         */
        public static Chunk decode(byte[] payload) throws ProtocolException {
            if (payload.length < Long.BYTES + Integer.BYTES) {
                throw new ProtocolException("malformed RESULT_CHUNK frame: ends early");
            }
            ByteBuffer in = ByteBuffer.wrap(payload);
            long id = in.getLong();
            int length = in.getInt();
            if (length < 0 || length > CHUNK_BYTES || length != in.remaining()) {
                throw new ProtocolException("malformed RESULT_CHUNK frame: " + length + " bytes announced, "
                        + in.remaining() + " carried (at most " + CHUNK_BYTES + ")");
            }
            return new Chunk(id, in.slice());
        }
    }
}
