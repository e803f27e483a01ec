package io.mppfc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads frames written by {@link FrameWriter}. Bytes that are not part of a valid frame (a
 * {@code println} to the native stdout, a JVM crash report, a forged frame) are skipped and
 * reported to the garbage listener with a hex dump, and reading goes on with the next valid
 * frame, including frames that arrived inside the bytes of a rejected one.
 *
 * <p>A header whose frame never completes is the hard case: a forged header claiming a large
 * payload would otherwise swallow every real frame behind it. A peer writes each frame in one
 * call, so the rest of a real frame arrives at once. When a complete, valid frame already sits
 * inside the claimed payload and the claimed frame is still incomplete {@link #RESYNC_NANOS}
 * after its header (plus a tenth of a second per MB claimed), the header is taken for garbage and reading resumes one byte after it. At the
 * end of the stream an incomplete frame is garbage too, and what follows it is still read.
 * Not thread-safe: one reader per stream.
 */
public final class FrameReader {

    /** Far longer than the pause between two parts of one write, far shorter than a heartbeat. */
    static final long RESYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** And a slow pipe's time for the bytes claimed: 10 MB/s. */
    private static final long NANOS_PER_BYTE = 100;
    private static final long POLL_MILLIS = 2;
    private static final int DUMP_LIMIT = 256;
    /** Incomplete headers remembered inside one claimed payload; more are only a flood of forgeries. */
    private static final int MAX_CANDIDATES = 256;

    private final InputStream in;
    private final int maxPayload;
    private final Consumer<String> garbage;
    private final BiConsumer<FrameType, Integer> oversized;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean ended;
    private final StringBuilder skipped = new StringBuilder();
    private long skippedCount;
    /** While a frame at {@code start} is incomplete: what is known about the bytes after it. */
    private final InnerFrames inner = new InnerFrames();

    /**
     * A reader of frames from {@code in}.
     * @param in the stream to read (a pipe from the peer)
     * @param maxPayload the largest payload accepted; a larger length is treated as garbage,
     *     never allocated
     * @param garbage told about every run of skipped bytes (a description with a hex dump)
     */
    public FrameReader(InputStream in, int maxPayload, Consumer<String> garbage) {
        this(in, maxPayload, garbage, (type, length) -> { });
    }

    /**
     * A reader of frames from {@code in} that also says when an intact header claims more than
     * {@code maxPayload}: such a frame is skipped unread, and its peer, which wrote it, must be
     * told apart from a stray print (a task whose report is lost must not wait for ever).
     *
     * @param in the stream to read (a pipe from the peer)
     * @param maxPayload the largest payload accepted
     * @param garbage told about every run of skipped bytes
     * @param oversized told the type and claimed length of each intact header over the limit
     */
    public FrameReader(InputStream in, int maxPayload, Consumer<String> garbage,
            BiConsumer<FrameType, Integer> oversized) {
        this.in = in;
        this.maxPayload = maxPayload;
        this.garbage = garbage;
        this.oversized = oversized;
    }

    /**
     * Reads the next valid frame.
     *
     * @return the frame, or {@code null} at the end of the stream
     * @throws IOException if reading fails
     */
    public Frame read() throws IOException {
        while (true) {
            skipTo(nextSync(start));
            if (end - start < FrameWriter.HEADER) {
                if (ended) {
                    skipTo(end);
                    reportSkipped();
                    return null;
                }
                fill();
                continue;
            }
            int length = validLength(start);
            if (length < 0) {
                int claimed = claimedLength(start);
                FrameType type = FrameType.of(buffer[start + 4]);
                skipTo(start + 1);
                if (claimed > maxPayload) {
                    note("a " + type + " header claiming " + claimed + " bytes, over the " + maxPayload
                            + " this reader accepts");
                    oversized.accept(type, claimed);
                }
                continue;
            }
            int total = FrameWriter.HEADER + length + FrameWriter.TRAILER;
            if (!awaitFrame(total, RESYNC_NANOS + NANOS_PER_BYTE * total)) {
                String what = ended ? "the stream ended inside a frame, after " + (end - start) + " of its " + total
                        + " bytes" : "a " + FrameType.of(buffer[start + 4]) + " header claiming " + length
                                + " bytes, while whole frames came in their place";
                skipTo(start + 1);
                note(what);
                continue;
            }
            if (!payloadIntact(start, length)) {
                String what = "a " + FrameType.of(buffer[start + 4]) + " frame of " + length
                        + " bytes with a bad payload checksum";
                skipTo(start + 1);
                note(what);
                continue;
            }
            Frame frame = new Frame(FrameType.of(buffer[start + 4]),
                    Arrays.copyOfRange(buffer, start + FrameWriter.HEADER, start + FrameWriter.HEADER + length));
            reportSkipped();
            start += total;
            inner.reset(start);
            return frame;
        }
    }

    /**
     * Whether a whole valid frame is already here, so that the next {@link #read} returns it
     * without waiting for the stream.
     *
     * @return true if a whole frame, header and payload intact, starts at the reading position
     */
    public boolean frameWaiting() {
        if (end - start < FrameWriter.HEADER || !syncAt(start)) {
            return false;
        }
        int length = validLength(start);
        return length >= 0 && end - start >= FrameWriter.HEADER + length + FrameWriter.TRAILER
                && payloadIntact(start, length);
    }

    /**
     * Waits until {@code total} bytes from {@code start} are here. False if the stream ends first,
     * or if a valid frame is inside them and the claimed one is not complete {@code patience}
     * after its header was first seen.
     */
    private boolean awaitFrame(int total, long patience) throws IOException {
        ensureCapacity(total);
        if (inner.headerSeenAt == 0) {
            inner.headerSeenAt = System.nanoTime();
        }
        while (end - start < total) {
            if (ended) {
                return false;
            }
            if (inner.completeFrameSeen(this, start + total)) {
                long left = inner.headerSeenAt + patience - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                if (in.available() > 0) {
                    fill();
                } else {
                    sleep(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                }
            } else {
                fill();
            }
        }
        return true;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while resynchronising");
        }
    }

    /** Reads what the stream has (blocking for at least one byte). */
    private void fill() throws IOException {
        if (end == buffer.length) {
            ensureCapacity(end - start + (1 << 16));
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            ended = true;
        } else {
            end += n;
            // the writer (in the other process) has just woken this thread, which the scheduler
            // may have put on the writer's core: yielding lets the writer go on first (a worker
            // writing STARTED waited 70 µs for the coordinator's reader without it)
            Thread.yield();
        }
    }

    /** Room for {@code bytes} from {@code start}, moving the unread bytes to the front. */
    private void ensureCapacity(int bytes) {
        if (start > 0 && (bytes > buffer.length - start || end == buffer.length)) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            inner.shift(start);
            end -= start;
            start = 0;
        }
        if (bytes > buffer.length) {
            int doubled = (int) Math.min(Integer.MAX_VALUE - 16, buffer.length * 2L);
            buffer = Arrays.copyOf(buffer, Math.max(bytes, doubled));
        }
    }

    /** The first position from {@code from} where a sync marker starts, or where one may start at the end. */
    private int nextSync(int from) {
        for (int i = from; i < end; i++) {
            if (syncAt(i)) {
                return i;
            }
        }
        return end;
    }

    private boolean syncAt(int i) {
        for (int k = 0; k < FrameWriter.SYNC.length && i + k < end; k++) {
            if (buffer[i + k] != FrameWriter.SYNC[k]) {
                return false;
            }
        }
        return true;
    }

    /** The payload length of a valid header at {@code at} (all 13 bytes present), or -1. */
    private int validLength(int at) {
        ByteBuffer header = ByteBuffer.wrap(buffer, at + 4, 9);
        byte typeCode = header.get();
        int length = header.getInt();
        int headerCrc = header.getInt();
        boolean valid = headerCrc == FrameWriter.crc(buffer, at + 4, 5) && FrameType.of(typeCode) != null
                && length >= 0 && length <= maxPayload;
        return valid ? length : -1;
    }

    /** The length an intact header of a known type at {@code at} claims, whatever it is; or -1. */
    private int claimedLength(int at) {
        ByteBuffer header = ByteBuffer.wrap(buffer, at + 4, 9);
        byte typeCode = header.get();
        int length = header.getInt();
        return header.getInt() == FrameWriter.crc(buffer, at + 4, 5) && FrameType.of(typeCode) != null ? length : -1;
    }

    private boolean payloadIntact(int at, int length) {
        int payload = at + FrameWriter.HEADER;
        return ByteBuffer.wrap(buffer, payload + length, 4).getInt() == FrameWriter.crc(buffer, payload, length);
    }

    private void skipTo(int position) {
        int count = position - start;
        if (count <= 0) {
            return;
        }
        for (int i = start; i < position && skipped.length() < DUMP_LIMIT * 2; i++) {
            skipped.append(HexFormat.of().toHexDigits(buffer[i]));
        }
        skippedCount += count;
        start = position;
        inner.reset(start);
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
            if (c == '\n' || c == '\r') { // the lines a JVM that cannot start prints stay apart
                if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                    text.append("; ");
                }
            } else {
                text.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
        }
        String said = text.toString().strip();
        return said.endsWith(";") ? said.substring(0, said.length() - 1) : said;
    }

    /**
     * What lies inside the claimed payload of the frame at {@code start}: scanned once per byte
     * as bytes arrive, so a large real frame costs linear time, not a rescan per read.
     */
    private static final class InnerFrames {
        private int scannedTo;
        private final int[] candidates = new int[MAX_CANDIDATES];
        private int candidateCount;
        private long headerSeenAt;
        private boolean suspect;

        void reset(int from) {
            scannedTo = from + 1;
            candidateCount = 0;
            suspect = false;
            headerSeenAt = 0;
        }

        void shift(int by) {
            scannedTo -= by;
            for (int i = 0; i < candidateCount; i++) {
                candidates[i] -= by;
            }
        }

        /** Whether a complete valid frame starts after {@code start} and ends before {@code limit}. */
        boolean completeFrameSeen(FrameReader r, int limit) {
            if (suspect) {
                return true;
            }
            for (int i = 0; i < candidateCount; ) {
                Boolean verdict = judge(r, candidates[i], limit);
                if (verdict == null) {
                    i++;
                    continue;
                }
                candidates[i] = candidates[--candidateCount];
                if (verdict) {
                    return suspected();
                }
            }
            for (; scannedTo + FrameWriter.HEADER <= r.end; scannedTo++) {
                if (!r.syncAt(scannedTo)) {
                    continue;
                }
                Boolean verdict = judge(r, scannedTo, limit);
                if (verdict == null && candidateCount < MAX_CANDIDATES) {
                    candidates[candidateCount++] = scannedTo;
                } else if (Boolean.TRUE.equals(verdict)) {
                    scannedTo++;
                    return suspected();
                }
            }
            return false;
        }

        private boolean suspected() {
            suspect = true;
            return true;
        }

        /** True: a complete valid frame; false: not a frame there; null: cannot tell yet. */
        private static Boolean judge(FrameReader r, int at, int limit) {
            int length = r.validLength(at);
            if (length < 0) {
                return false;
            }
            long frameEnd = (long) at + FrameWriter.HEADER + length + FrameWriter.TRAILER;
            if (frameEnd > limit) {
                return false; // reaches past the claimed frame: says nothing about the claim
            }
            if (frameEnd > r.end) {
                return null;
            }
            return r.payloadIntact(at, length);
        }
    }
}
