package io.mppfc.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes frames (protocol version 1):
 *
 * <pre>
 * sync marker  4  FE 4D 50 46 (0xFE never occurs in UTF-8 text, so stray prints rarely look like one)
 * type         1
 * length       4  payload length, big-endian
 * header CRC   4  CRC32C of type and length: a false sync marker is refused before any allocation
 * payload      n
 * payload CRC  4  CRC32C of the payload
 * </pre>
 *
 * Each frame is written in one call and flushed (or, by {@link #writeLater}, left whole in a
 * buffer that is flushed with the next): a pipe never holds half a frame from us. Thread-safe.
 */
public final class FrameWriter {

    static final byte[] SYNC = {(byte) 0xFE, 0x4D, 0x50, 0x46};
    static final int HEADER = 13;
    static final int TRAILER = 4;

    private final OutputStream out;

    /**
     * A writer of frames to {@code out}.
     *
     * @param out the stream to write to (a pipe to the peer)
     */
    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes and flushes one frame.
     *
     * @param type the type
     * @param payload the payload
     * @throws IOException if the peer is gone
     */
    public void write(FrameType type, byte[] payload) throws IOException {
        byte[] frame = encode(type, payload);
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    /**
     * Writes and flushes frames made by {@link #frame}, in one write.
     *
     * @param frames whole frames, back to back (nothing is written when empty)
     * @throws IOException if the peer is gone
     */
    public void writeFrames(byte[] frames) throws IOException {
        synchronized (out) {
            out.write(frames);
            out.flush(); // also what writeLater left: an empty write holds nothing back
        }
    }

    /**
     * Puts frames made by {@link #frame} into the output buffer without flushing it: they go out,
     * in order, with the next frame anyone writes. A pipe write wakes the peer's reader, which
     * costs the writer 10-18 µs here; frames that may wait for the next write need not pay it.
     *
     * @param frames whole frames, back to back
     * @throws IOException if the buffer was full and the peer is gone
     */
    public void writeLater(byte[] frames) throws IOException {
        synchronized (out) {
            out.write(frames);
        }
    }

    /**
     * One whole frame's bytes, for writers that send many at once.
     *
     * @param type the type
     * @param payload the payload
     * @return the frame
     */
    public static byte[] frame(FrameType type, byte[] payload) {
        return encode(type, payload);
    }

    /** The length of a frame whose payload is one id. */
    public static final int ID_FRAME = HEADER + Long.BYTES + TRAILER;

    /**
     * Puts a frame whose payload is one id (COMPUTED, STARTED) into {@code into} at {@code at}:
     * the same bytes as {@link #frame} of the message's encoding. A worker writes two of these
     * between every two tasks, before the next runs, where the first thousand tasks run the
     * general path interpreted: this one costs a few array stores.
     *
     * @param into where to put the {@link #ID_FRAME} bytes
     * @param at the first index
     * @param type the type
     * @param id the id
     */
    public static void putIdFrame(byte[] into, int at, FrameType type, long id) {
        System.arraycopy(ID_HEADERS[type.ordinal()], 0, into, at, HEADER); // type and length fixed: so is the header's CRC
        for (int i = 0; i < Long.BYTES; i++) {
            into[at + HEADER + i] = (byte) (id >>> (56 - 8 * i));
        }
        putInt(into, at + HEADER + Long.BYTES, crc(into, at + HEADER, Long.BYTES));
    }

    /** The header of a frame whose payload is one id, by type. */
    private static final byte[][] ID_HEADERS = idHeaders();

    private static byte[][] idHeaders() {
        byte[][] headers = new byte[FrameType.values().length][];
        for (FrameType type : FrameType.values()) {
            byte[] frame = new byte[ID_FRAME];
            seal(frame, 0, type, Long.BYTES);
            headers[type.ordinal()] = Arrays.copyOf(frame, HEADER);
        }
        return headers;
    }

    /** Puts the header and the trailer around the {@code length} payload bytes already at {@code at + HEADER}. */
    static void seal(byte[] into, int at, FrameType type, int length) {
        System.arraycopy(SYNC, 0, into, at, SYNC.length);
        into[at + 4] = type.code();
        putInt(into, at + 5, length);
        putInt(into, at + 9, crc(into, at + 4, 5));
        putInt(into, at + HEADER + length, crc(into, at + HEADER, length));
    }

    private static void putInt(byte[] into, int at, int value) {
        for (int i = 0; i < Integer.BYTES; i++) {
            into[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    static byte[] encode(FrameType type, byte[] payload) {
        byte[] frame = new byte[HEADER + payload.length + TRAILER];
        System.arraycopy(payload, 0, frame, HEADER, payload.length);
        seal(frame, 0, type, payload.length);
        return frame;
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
