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
 *
 * <p>The file's name says who made it: {@code mppfc-started-<pid>-<pid namespace>-<random>}, the
 * coordinator's process id and the namespace it counts in. A coordinator killed together with its worker before the worker
 * mapped the file (a job cancelled, a process group killed) leaves the name behind; the next
 * process of this machine that makes a slot removes the names whose maker is no longer alive
 * ({@link StaleSlots}).
 */
public final class StartedSlot {

    private static final int TAG_BYTES = 24;
    private static final int ID_AT = 24;
    static final int SIZE = 32;
    /** What the name of every slot file begins with. */
    static final String PREFIX = "mppfc-started-";

    private final MappedByteBuffer map;

    private StartedSlot(MappedByteBuffer map) {
        this.map = map;
    }

    /**
     * The coordinator's side of a slot: the file it made, mapped by the coordinator too, so that
     * it reads what the worker stored after the worker has removed the file's name.
     *
     * @param path where the worker finds it (its name is gone once the worker mapped it)
     * @param tag the worker's temp tag
     */
    public record Made(Path path, String tag, MappedByteBuffer map) {

        /**
         * The job the worker started last, as the slot says once the worker has exited.
         *
         * @return the id, or 0 if none started, or the mapping no longer holds that worker's tag
         */
        public long lastStarted() {
            byte[] head = new byte[TAG_BYTES];
            map.get(0, head);
            return Arrays.equals(head, head(tag)) ? map.getLong(ID_AT) : 0;
        }

        /** Removes the file's name if the worker did not (it never started, or never mapped it). */
        public void remove() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a 32-byte file in the temp directory: not worth failing for
            }
        }
    }

    /**
     * Makes a worker's slot, none started, and maps it (coordinator side). The worker removes
     * the name once it has mapped the file, so a coordinator killed later leaves nothing behind.
     *
     * @param tag the worker's temp tag, as in its hello
     * @return the new file, readable and writable by this user only, and the coordinator's mapping
     * @throws IOException if it cannot be made
     */
    public static Made create(String tag) throws IOException {
        Path directory = Path.of(System.getProperty("java.io.tmpdir"));
        Made made = create(tag, directory);
        StaleSlots.sweepOnce(directory, made.path());
        return made;
    }

    /**
     * Makes a worker's slot in {@code directory}, as {@link #create(String)} does in the temp
     * directory: a worker run without this program (the class-data trainee) gets one in a
     * directory that is removed after it, whether or not it mapped the file.
     *
     * @param tag the worker's temp tag, as in its hello
     * @param directory where the file goes
     * @return the new file and the coordinator's mapping
     * @throws IOException if it cannot be made
     */
    public static Made create(String tag, Path directory) throws IOException {
        Path file = StaleSlots.newSlot(directory);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(Arrays.copyOf(head(tag), SIZE)), 0);
            return new Made(file, tag, channel.map(FileChannel.MapMode.READ_ONLY, 0, SIZE));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Maps the slot the hello names and removes its name (worker side).
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
            if (!Arrays.equals(head, head(tag))) {
                return null;
            }
            // the coordinator reads its own mapping: the name can go now, so no kill leaves it behind
            Files.deleteIfExists(Path.of(path));
            return new StartedSlot(map);
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
