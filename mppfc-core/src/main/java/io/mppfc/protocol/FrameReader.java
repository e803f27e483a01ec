package io.mppfc.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Reads frames written by {@link FrameWriter}. Bytes that are not part of a valid frame (a
 * {@code println} to the native stdout, a JVM crash report) are skipped and reported to the
 * garbage listener with a hex dump, and reading goes on with the next valid frame.
 * Not thread-safe: one reader per stream.
 */
public final class FrameReader {

    private static final int DUMP_LIMIT = 256;
    private static final Frame END = new Frame(FrameType.STOP, new byte[0]);

    private final InputStream in;
    private final int maxPayload;
    private final Consumer<String> garbage;
    private final byte[] window = new byte[FrameWriter.HEADER];
    private int filled;
    private final StringBuilder skipped = new StringBuilder();
    private long skippedCount;

    /**
     * A reader of frames from {@code in}.
     * @param in the stream to read (a pipe from the peer)
     * @param maxPayload the largest payload accepted; a larger length is treated as garbage,
     *     never allocated
     * @param garbage told about every run of skipped bytes (a description with a hex dump)
     */
    public FrameReader(InputStream in, int maxPayload, Consumer<String> garbage) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.maxPayload = maxPayload;
        this.garbage = garbage;
    }

    /**
     * Reads the next valid frame.
     *
     * @return the frame, or {@code null} at the end of the stream
     * @throws IOException if reading fails
     */
    public Frame read() throws IOException {
        while (true) {
            if (!fillHeader()) {
                reportSkipped();
                return null;
            }
            Frame frame = tryFrame();
            if (frame == END) {
                return null;
            }
            if (frame != null) {
                reportSkipped();
                return frame;
            }
        }
    }

    /** Fills the 13-byte window, sliding past bytes that cannot start a frame. */
    private boolean fillHeader() throws IOException {
        while (true) {
            while (filled > 0 && !startsWithSync()) {
                skip(1);
            }
            if (filled == FrameWriter.HEADER) {
                return true;
            }
            int b = in.read();
            if (b < 0) {
                skip(filled);
                return false;
            }
            window[filled++] = (byte) b;
        }
    }

    private boolean startsWithSync() {
        for (int i = 0; i < Math.min(filled, FrameWriter.SYNC.length); i++) {
            if (window[i] != FrameWriter.SYNC[i]) {
                return false;
            }
        }
        return true;
    }

    private Frame tryFrame() throws IOException {
        ByteBuffer header = ByteBuffer.wrap(window);
        header.position(4);
        byte typeCode = header.get();
        int length = header.getInt();
        int headerCrc = header.getInt();
        FrameType type = FrameType.of(typeCode);
        if (headerCrc != FrameWriter.crc(window, 4, 5) || type == null || length < 0 || length > maxPayload) {
            skip(1);
            return null;
        }
        byte[] payload = in.readNBytes(length);
        byte[] trailer = in.readNBytes(FrameWriter.TRAILER);
        if (payload.length < length || trailer.length < FrameWriter.TRAILER) {
            skip(filled);
            note("the stream ended inside a frame, after " + (payload.length + trailer.length) + " more bytes");
            reportSkipped();
            return END;
        }
        if (ByteBuffer.wrap(trailer).getInt() != FrameWriter.crc(payload, 0, length)) {
            skip(filled);
            note("a " + type + " frame of " + length + " bytes with a bad payload checksum");
            return null;
        }
        filled = 0;
        return new Frame(type, payload);
    }

    private void skip(int count) {
        for (int i = 0; i < count; i++) {
            if (skipped.length() < DUMP_LIMIT * 2) {
                skipped.append(HexFormat.of().toHexDigits(window[i]));
            }
        }
        skippedCount += count;
        System.arraycopy(window, count, window, 0, filled - count);
        filled -= count;
    }

    private void note(String what) {
        skipped.append(" (").append(what).append(')');
    }

    private void reportSkipped() {
        if (skippedCount == 0) {
            return;
        }
        String hex = skipped.toString();
        String text = printable(hex);
        garbage.accept("skipped " + skippedCount + " bytes that are not a protocol frame (did something write to "
                + "stdout behind Java's back?): " + hex + (skippedCount > DUMP_LIMIT ? "..." : "")
                + (text.isBlank() ? "" : " \"" + text + "\""));
        skipped.setLength(0);
        skippedCount = 0;
    }

    private static String printable(String hex) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            char c;
            try {
                c = (char) Integer.parseInt(hex.substring(i, i + 2), 16);
            } catch (NumberFormatException e) {
                break;
            }
            text.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        return text.toString();
    }
}
