package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.IoText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * An entry that arrives in parts, from a worker that sent its result over its pipe: the parts
 * go straight into a temp file beside the entry (never held in memory), and the file is renamed
 * into place only once it has passed the checks every entry read from disk passes (header,
 * length, checksum, and the key and function directory it names: {@link EntryFormat}'s own), is
 * in the format this mppfc writes, and its stored arguments are the task's. The checksum is
 * summed as the parts arrive, and the head (header and arguments, at most 64 KiB) kept, so a
 * large entry is not read back. Until then, and whenever a check fails, nothing is in place;
 * {@link #abort()} removes the temp file. One thread at a time.
 */
public final class IncomingEntry implements AutoCloseable {

    private final LooseWriter writer;
    private final Path target;
    /** What the entry must name: the task's key. */
    private final CacheKey key;
    /** What the entry must name: the receiving cache's function directory ({@link EntryFormat#functionId}). */
    private final byte[] functionId;
    private final Path temp;
    private final long length;
    private FileChannel file;
    private long received;
    /** The first bytes, up to the longest header and arguments there can be. */
    private final byte[] head;
    /** Of every byte before the trailer. */
    private final CRC32C crc = new CRC32C();
    private final byte[] trailer = new byte[EntryFormat.TRAILER];

    private IncomingEntry(LooseWriter writer, Path target, CacheKey key, byte[] functionId, Path temp,
            FileChannel file, long length) {
        this.writer = writer;
        this.target = target;
        this.key = key;
        this.functionId = functionId;
        this.temp = temp;
        this.file = file;
        this.length = length;
        this.head = new byte[(int) Math.min(length, EntryFormat.HEADER + EntryFormat.MAX_FOOTPRINT)];
    }

    static IncomingEntry open(LooseWriter writer, Path target, CacheKey key, byte[] functionId, long length)
            throws IOException {
        if (length < 0 || length > EntryBytes.MAX_LENGTH) {
            throw new IllegalArgumentException("an entry of " + length + " bytes cannot be (at most "
                    + EntryBytes.MAX_LENGTH + ")");
        }
        Path[] temp = new Path[1];
        FileChannel file = writer.openTemp(target, temp);
        return new IncomingEntry(writer, target, key, functionId, temp[0], file, length);
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
        long at = received;
        sum(bytes.duplicate(), at);
        try {
            while (bytes.hasRemaining()) {
                at += file.write(bytes, at);
            }
        } catch (IOException e) {
            throw new IOException("cannot write to the cache directory " + temp.getParent() + " (disk full?): "
                    + IoText.describe(e), e);
        }
    }

    /** Keeps the head and the trailer, and sums what the checksum covers, of bytes at {@code at}. */
    private void sum(ByteBuffer bytes, long at) {
        int n = bytes.remaining();
        if (at < head.length) {
            bytes.duplicate().get(head, (int) at, (int) Math.min(n, head.length - at));
        }
        long checkedEnd = length - EntryFormat.TRAILER;
        long covered = Math.max(0, Math.min(n, checkedEnd - at));
        crc.update(bytes.duplicate().limit(bytes.position() + (int) covered));
        for (long i = Math.max(at, checkedEnd); i < at + n; i++) {
            trailer[(int) (i - checkedEnd)] = bytes.get(bytes.position() + (int) (i - at));
        }
        received = at + n;
    }

    /**
     * Checks the entry and renames it into place.
     *
     * @param arguments the footprint of the task's arguments, which the entry must hold (or none,
     *     if it is over the 64 KiB an entry stores)
     * @throws Refused if it is short, damaged, of an older format, another key's or another
     *     function directory's, or not for these arguments (nothing is in place, and the temp
     *     file is gone)
     * @throws IOException if it cannot be renamed into place
     */
    public void commit(byte[] arguments) throws IOException, Refused {
        try {
            if (received != length) {
                throw new Refused("it ended after " + received + " of the " + length + " bytes announced");
            }
            // the checks of any entry on disk: header and lengths against the size, checksum, owner
            EntryFormat.Header h = EntryFormat.parseHeader(ByteBuffer.wrap(head, 0, Math.min(head.length,
                    EntryFormat.HEADER)).slice(), length);
            EntryFormat.checkCrc(crc, ByteBuffer.wrap(trailer).getInt());
            if (h.version() != EntryFormat.VERSION) { // an older format names no key: never what a worker writes
                throw new Refused("it is in entry format " + h.version() + ", not the " + EntryFormat.VERSION
                        + " this mppfc writes");
            }
            checkOwner();
            byte[] expected = arguments.length <= EntryFormat.MAX_FOOTPRINT ? arguments : new byte[0];
            if (!Arrays.equals(Arrays.copyOfRange(head, h.footprintOffset(), h.payloadOffset()), expected)) {
                throw new Refused("the arguments it holds are not its task's");
            }
            writer.commitReceived(file, temp, target);
        } catch (CorruptEntryException e) {
            throw new Refused(e.getMessage());
        } finally {
            abort();
        }
    }

    /**
     * The key and function directory the entry names must be the task's and this cache's: the
     * compares {@link EntryFormat#checkOwner} makes on every read, said as a transfer's fault.
     */
    private void checkOwner() throws Refused {
        if (!key.isAt(head, EntryFormat.KEY_AT)) {
            throw new Refused("it holds the entry of another key than its task's");
        }
        if (!Arrays.equals(head, EntryFormat.FUNCTION_AT, EntryFormat.FUNCTION_AT + EntryFormat.FUNCTION_ID,
                functionId, 0, EntryFormat.FUNCTION_ID)) {
            throw new Refused("it holds an entry of another function or code version than this cache's");
        }
    }

    /** Removes the temp file (nothing once committed). */
    public void abort() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
        FileGate.deleteFile(temp);
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
