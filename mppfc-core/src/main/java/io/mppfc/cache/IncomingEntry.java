package io.mppfc.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An entry that arrives in parts, from a worker that sent its result over its pipe: the parts
 * go straight into a temp file beside the entry (never held in memory), and the file is renamed
 * into place only once it has passed the checks every entry read from disk passes (header,
 * length, checksum) and its stored arguments are the task's. Until then, and whenever a check
 * fails, nothing is in place; {@link #abort()} removes the temp file. One thread at a time.
 */
public final class IncomingEntry implements AutoCloseable {

    private final LooseWriter writer;
    private final Path target;
    private final Path temp;
    private final long length;
    private FileChannel file;
    private long received;

    private IncomingEntry(LooseWriter writer, Path target, Path temp, FileChannel file, long length) {
        this.writer = writer;
        this.target = target;
        this.temp = temp;
        this.file = file;
        this.length = length;
    }

    static IncomingEntry open(LooseWriter writer, Path target, long length) throws IOException {
        if (length < 0 || length > EntryBytes.MAX_LENGTH) {
            throw new IllegalArgumentException("an entry of " + length + " bytes cannot be (at most "
                    + EntryBytes.MAX_LENGTH + ")");
        }
        Path[] temp = new Path[1];
        FileChannel file = writer.openTemp(target, temp);
        return new IncomingEntry(writer, target, temp[0], file, length);
    }

    /**
     * Appends the next bytes.
     *
     * @param bytes position to limit
     * @throws Refused if they pass the announced length (nothing of them is written)
     * @throws IOException if they cannot be written (disk full), naming the temp file's directory
     */
    public void append(ByteBuffer bytes) throws IOException, Refused {
        if (bytes.remaining() > length - received) {
            throw new Refused("more bytes than the " + length + " announced");
        }
        try {
            while (bytes.hasRemaining()) {
                received += file.write(bytes, received);
            }
        } catch (IOException e) {
            throw new IOException("cannot write to the cache directory " + temp.getParent() + " (disk full?): " + e, e);
        }
    }

    /**
     * Checks the entry and renames it into place.
     *
     * @param arguments the footprint of the task's arguments, which the entry must hold (or none,
     *     if it is over the 64 KiB an entry stores)
     * @throws Refused if it is short, damaged, or not for these arguments (nothing
     *     is in place, and the temp file is gone)
     * @throws IOException if it cannot be read back or renamed
     */
    public void commit(byte[] arguments) throws IOException, Refused {
        try {
            if (received != length) {
                throw new Refused("it ended after " + received + " of the " + length + " bytes announced");
            }
            EntryFile.check(temp); // the checks of any entry on disk: header, length, checksum
            byte[] expected = arguments.length <= EntryFormat.MAX_FOOTPRINT ? arguments : new byte[0];
            if (!Arrays.equals(EntryFile.footprintOrNull(temp), expected)) {
                throw new Refused("the arguments it holds are not its task's");
            }
            writer.commitReceived(file, temp, target);
        } catch (CorruptEntryException e) {
            throw new Refused(e.getMessage());
        } finally {
            abort();
        }
    }

    /** Removes the temp file (nothing once committed). */
    public void abort() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
        Files.deleteIfExists(temp);
    }

    @Override
    public void close() throws IOException {
        abort();
    }

    /** What was received is not a valid entry for the task: nothing was stored. */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
