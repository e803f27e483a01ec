package io.mppfc.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The id of the job a local worker started last, in a file of its own that the coordinator
 * made and the worker maps: a store into shared memory, which outlives the process however it
 * ends (System.exit, a crash, SIGKILL) and wakes no one. With it, a worker need not put its
 * STARTED frame on the pipe before the function runs (a write that wakes the coordinator's
 * reader, 10-18 µs between two 5 ms tasks here); the frame goes out with the next write, and when the
 * worker dies first, the coordinator reads here which job ended it.
 *
 * <p>The file: the worker's temp tag (ASCII, at most 24 bytes, zero-padded),
 * then the id as a big-endian long at byte 24, 0 while none started. A worker checks the
 * tag before it relies on the file: a path of the same name elsewhere (another machine, another
 * container's {@code /tmp}) holds another tag or nothing, and that worker sends STARTED frames
 * at once, as without a slot.
 */
public final class StartedSlot {

    private static final int TAG_BYTES = 24;
    private static final int ID_AT = 24;
    private static final int SIZE = 32;

    private final MappedByteBuffer map;

    private StartedSlot(MappedByteBuffer map) {
        this.map = map;
    }

    /**
     * Makes a worker's slot, none started (coordinator side).
     *
     * @param tag the worker's temp tag, as in its hello
     * @return the new file, readable and writable by this user only
     * @throws IOException if it cannot be made
     */
    public static Path create(String tag) throws IOException {
        Path file = Files.createTempFile("mppfc-started-", "");
        try {
            Files.write(file, Arrays.copyOf(head(tag), SIZE));
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        file.toFile().deleteOnExit(); // a program that ends with its workers alive reads no slot
        return file;
    }

    /**
     * The job the worker started last, as the slot says once the worker has exited (coordinator
     * side).
     *
     * @param file the slot
     * @param tag the worker's temp tag
     * @return the id, or 0 if none started, or the file is not that worker's slot
     * @throws IOException if it cannot be read
     */
    public static long lastStarted(Path file, String tag) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < SIZE || !Arrays.equals(bytes, 0, TAG_BYTES, head(tag), 0, TAG_BYTES)) {
            return 0;
        }
        return ByteBuffer.wrap(bytes).getLong(ID_AT);
    }

    /**
     * Maps the slot the hello names (worker side).
     *
     * @param path the hello's {@code startedSlot}
     * @param tag the hello's {@code tempTag}
     * @return the slot, or null if there is none, or the file here is not the coordinator's
     */
    public static StartedSlot open(String path, String tag) {
        if (path.isEmpty() || tag.isEmpty()) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(Path.of(path), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            if (channel.size() != SIZE) {
                return null;
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            byte[] head = new byte[TAG_BYTES];
            map.get(0, head);
            return Arrays.equals(head, head(tag)) ? new StartedSlot(map) : null;
        } catch (IOException | RuntimeException e) {
            return null; // not this machine's file, or not ours to write: STARTED frames go out at once
        }
    }

    /**
     * Records that job {@code id} starts now: one aligned 8-byte store, visible to the
     * coordinator whatever becomes of this process. Nobody reads it while the worker lives, so it
     * needs no ordering: a plain store (a VarHandle's access mode cost microseconds in the
     * interpreted and C1 code of a worker's first thousand tasks).
     *
     * @param id the job's id
     */
    public void started(long id) {
        map.putLong(ID_AT, id);
    }

    private static byte[] head(String tag) {
        byte[] ascii = tag.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length > TAG_BYTES) {
            throw new IllegalArgumentException("a temp tag of " + ascii.length + " bytes, over " + TAG_BYTES);
        }
        return Arrays.copyOf(ascii, TAG_BYTES);
    }
}
