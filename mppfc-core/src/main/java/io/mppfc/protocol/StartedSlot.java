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
 * ends (System.exit, a crash, SIGKILL) and wakes no one. The coordinator keeps the file open and
 * reads it after the worker's end. With it, a worker need not put its
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
 * opened the file (a job cancelled, a process group killed) leaves the name behind; the next
 * process of this machine that makes a slot removes the names whose maker is no longer alive
 * ({@link StaleSlots}).
 */
public final class StartedSlot {

    private static final int TAG_BYTES = 24;
    private static final int ID_AT = 24;
    static final int SIZE = 32;
    /** What the name of every slot file begins with. */
    static final String PREFIX = "mppfc-started-";

    /** Open until mapped; the worker's computing thread's alone. */
    private FileChannel channel;
    private MappedByteBuffer map;

    private StartedSlot(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * The coordinator's side of a slot: the file it made, kept open, so that it reads what the
     * worker stored after the worker has removed the file's name. Not mapped: the coordinator
     * reads it once, after the worker's end, and on JDK 18 and later a fresh JVM's first mapping
     * builds its buffer through a reflective constructor that spins ~30 method handle classes
     * (39 ms of a JDK 25 coordinator's way to its first worker's exec). A descriptor per live
     * worker, closed by {@link #remove()}.
     *
     * @param path where the worker finds it (its name is gone once the worker opened it)
     * @param tag the worker's temp tag
     * @param channel the file, open
     */
    public record Made(Path path, String tag, FileChannel channel) {

        /**
         * The job the worker started last, as the slot says once the worker has exited.
         *
         * @return the id, or 0 if none started, or the file no longer holds that worker's tag, or
         *     cannot be read
         */
        public long lastStarted() {
            ByteBuffer slot = ByteBuffer.allocate(SIZE);
            try {
                while (slot.hasRemaining() && channel.read(slot, slot.position()) > 0) {
                    // a 32-byte file: one read, unless interrupted part way
                }
            } catch (IOException e) {
                return 0;
            }
            if (slot.hasRemaining()) {
                return 0;
            }
            byte[] head = new byte[TAG_BYTES];
            slot.get(0, head);
            return Arrays.equals(head, head(tag)) ? slot.getLong(ID_AT) : 0;
        }

        /** Removes the file's name if the worker did not (it never started, or never opened it), and closes it. */
        public void remove() {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a 32-byte file in the temp directory: not worth failing for
            }
            try {
                channel.close();
            } catch (IOException e) {
                // read-only use from here on: nothing was left unwritten
            }
        }
    }

    /**
     * Does ahead of a worker's start what this process's first slot would otherwise do on the way
     * to it: reads the pid namespace that every slot's name carries (a look at {@code /proc}). A
     * pool calls it while its caller looks its first task up; a slot made without it reads the
     * namespace then.
     */
    public static void prepare() {
        StaleSlots.prepare();
    }

    /**
     * Makes a worker's slot, none started, and keeps it open (coordinator side). The worker
     * removes the name once it has opened the file, so a coordinator killed later leaves nothing
     * behind.
     *
     * @param tag the worker's temp tag, as in its hello
     * @return the new file, readable and writable by this user only, and the coordinator's channel
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
     * @return the new file and the coordinator's channel
     * @throws IOException if it cannot be made
     */
    public static Made create(String tag, Path directory) throws IOException {
        Path file = StaleSlots.newSlot(directory);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.write(ByteBuffer.wrap(Arrays.copyOf(head(tag), SIZE)), 0);
            return new Made(file, tag, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Opens the slot the hello names and removes its name (worker side). It is mapped only when
     * first needed ({@link #map()}): until then the worker says STARTED at once, as without a
     * slot, and its start does not pay for a first mapping (on JDK 18 and later a reflective
     * constructor's method handles, 14 ms of a JDK 25 worker's way to READY).
     *
     * @param path the hello's {@code startedSlot}
     * @param tag the hello's {@code tempTag}
     * @return the slot, or null if there is none, or the file here is not the coordinator's
     */
    public static StartedSlot open(String path, String tag) {
        if (path.isEmpty() || tag.isEmpty()) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(Path.of(path), StandardOpenOption.READ, StandardOpenOption.WRITE);
            ByteBuffer head = ByteBuffer.allocate(TAG_BYTES);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // one read of 24 bytes, unless interrupted part way
            }
            if (channel.size() != SIZE || head.hasRemaining() || !Arrays.equals(head.array(), head(tag))) {
                channel.close();
                return null;
            }
            // the coordinator keeps the file open: the name can go now, so no kill leaves it behind
            Files.deleteIfExists(Path.of(path));
            return new StartedSlot(channel);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            return null; // not this machine's file, or not ours to write: STARTED frames go out at once
        }
    }

    /** Whether it is mapped: only then may {@link #started(long)} stand in for a STARTED frame. */
    public boolean mapped() {
        return map != null;
    }

    /**
     * Maps the file, once, and closes it (the mapping keeps it). A worker calls it the first time
     * it would keep a STARTED frame back, after it has handed that result over.
     *
     * @return whether it is mapped; if not, the slot is of no use and STARTED frames go out at once
     */
    public boolean map() {
        if (map == null && channel != null) {
            try {
                map = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            } catch (IOException | RuntimeException e) {
                // no mapping: the frames say it all
            }
            closeQuietly(channel);
            channel = null;
        }
        return map != null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // opened for a 32-byte mapping; nothing written through it
            }
        }
    }

    /**
     * Records that job {@code id} starts now: one aligned 8-byte store, visible to the
     * coordinator whatever becomes of this process. Nobody reads it while the worker lives, so it
     * needs no ordering: a plain store (a VarHandle's access mode cost microseconds in the
     * interpreted and C1 code of a worker's first thousand tasks). Only once {@link #mapped()}.
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
