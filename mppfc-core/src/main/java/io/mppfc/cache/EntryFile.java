package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.zip.CRC32C;

/**
 * Reads entry files written by anyone, safely: nothing that is not a regular file is opened (a
 * FIFO would block the reader for ever), symlinks are never followed, and no buffer is allocated
 * before the header, the file's size and (for large entries) the checksum agree on what is there,
 * so a huge or sparse planted file costs a little I/O, never the heap. A large payload is not
 * read into the heap at all: it is checksummed in chunks and then mapped, so decoding it needs
 * the value's memory and nothing more.
 */
public final class EntryFile {

    /** The prefix of temp files; they never match an entry name. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** Entries up to this size are read at once and checked after; larger ones are checked first, then mapped. */
    private static final int READ_AT_ONCE = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private EntryFile() {
    }

    /** A checked entry, and the modification time and identity (inode) its file had when it was opened. */
    public record Loaded(EntryFormat.Parsed parsed, FileTime modified, Object fileKey) {
    }

    /**
     * The checked entry at {@code path}, which must be the one of {@code key} in the function
     * directory of {@code functionId}: one lstat, one open and (up to {@link #READ_AT_ONCE})
     * one read.
     *
     * @throws java.nio.file.NoSuchFileException if nothing is there
     * @throws CorruptEntryException if what is there is not a valid entry of that key and function
     *     (damage: quarantine it), or a {@link NewerFormatException} (leave it)
     * @throws IOException if it cannot be read
     */
    public static Loaded read(Path path, CacheKey key, byte[] functionId) throws IOException, CorruptEntryException {
        try (FileGate.Opened opened = open(path)) {
            FileChannel channel = opened.channel();
            BasicFileAttributes attributes = opened.attributes();
            long seen = attributes.size();
            if (seen <= READ_AT_ONCE) {
                // the size lstat saw, plus one byte to notice a file replaced by a longer one since
                ByteBuffer whole = ByteBuffer.allocate((int) seen + 1);
                int read = readUpTo(channel, whole);
                if (read == seen) {
                    return new Loaded(EntryFormat.parse(whole.array(), read, key, functionId), attributes.lastModifiedTime(),
                            attributes.fileKey());
                }
                // replaced by a rename between the lstat and the open: read what was opened
            }
            long size = channel.size();
            ByteBuffer head = readHeader(channel, size);
            EntryFormat.Header h = EntryFormat.parseHeader(head, size);
            if (size <= READ_AT_ONCE) {
                byte[] raw = new byte[(int) size];
                readFully(channel, ByteBuffer.wrap(raw), 0);
                return new Loaded(EntryFormat.parse(raw, raw.length, key, functionId), attributes.lastModifiedTime(),
                        attributes.fileKey());
            }
            checkStreaming(channel, h);
            EntryFormat.checkOwner(h, head.array(), key, functionId);
            requireHeap(path, h.payloadLength(), size);
            byte[] footprint = new byte[h.footprintLength()];
            readFully(channel, ByteBuffer.wrap(footprint), h.footprintOffset());
            // checked above; a file is never rewritten in place (writers rename), so the mapping is what was checked
            ByteBuffer payload = channel.map(FileChannel.MapMode.READ_ONLY, h.payloadOffset(), h.payloadLength());
            return new Loaded(new EntryFormat.Parsed(h.version(), h.codecId(), h.flags(), h.computeNanos(), h.storedAtMillis(),
                    footprint, payload),
                    attributes.lastModifiedTime(), attributes.fileKey());
        }
    }

    /**
     * Reads from the start until the buffer is full or a read comes back short: from a regular
     * file that is its end (a short read anywhere else only sends the caller, who asked for one
     * byte more than the size it saw, down its careful path), so a hit costs one read, not a
     * second one that returns nothing.
     */
    private static int readUpTo(FileChannel channel, ByteBuffer buffer) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int asked = buffer.remaining();
            int read = channel.read(buffer, total);
            if (read < 0) {
                break;
            }
            total += read;
            if (read < asked) {
                break;
            }
        }
        return total;
    }

    /**
     * Checks the entry at {@code path} (format, checksum, and that it is the one of {@code key} in
     * the function directory of {@code functionId}) without holding its payload: what
     * {@code mppfc verify} does, in constant memory whatever the entry's size.
     *
     * @return its header
     */
    public static EntryFormat.Header check(Path path, CacheKey key, byte[] functionId) throws IOException, CorruptEntryException {
        try (FileGate.Opened opened = open(path)) {
            FileChannel channel = opened.channel();
            long size = channel.size();
            ByteBuffer head = readHeader(channel, size);
            EntryFormat.Header h = EntryFormat.parseHeader(head, size);
            checkStreaming(channel, h);
            EntryFormat.checkOwner(h, head.array(), key, functionId);
            return h;
        }
    }

    /** The header alone, for the computation time; null if the file is not a readable entry. */
    public static EntryFormat.Header headerOrNull(Path path) {
        try {
            try (FileGate.Opened opened = open(path)) {
                FileChannel channel = opened.channel();
                long size = channel.size();
                return EntryFormat.parseHeader(readHeader(channel, size), size);
            }
        } catch (IOException | CorruptEntryException e) {
            return null;
        }
    }

    /**
     * The footprint of the arguments stored in the entry at {@code path}; empty if none; null if
     * unreadable or, by its header, another key's or function's entry (never shown as this key's).
     */
    public static byte[] footprintOrNull(Path path, CacheKey key, byte[] functionId) {
        try {
            try (FileGate.Opened opened = open(path)) {
                FileChannel channel = opened.channel();
                long size = channel.size();
                ByteBuffer head = readHeader(channel, size);
                EntryFormat.Header h = EntryFormat.parseHeader(head, size);
                EntryFormat.checkOwner(h, head.array(), key, functionId);
                byte[] footprint = new byte[h.footprintLength()];
                readFully(channel, ByteBuffer.wrap(footprint), h.footprintOffset());
                return footprint;
            }
        } catch (IOException | CorruptEntryException e) {
            return null;
        }
    }

    /** Through the gate: what is not a regular file is damage, never opened. */
    private static FileGate.Opened open(Path path) throws IOException, CorruptEntryException {
        try {
            return FileGate.openRead(path);
        } catch (RefusedFileException e) {
            throw new CorruptEntryException("not a regular file but " + e.kind().description() + " (never opened)");
        }
    }

    public static String kind(BasicFileAttributes a) {
        return a.isRegularFile() ? "a file" : FileGate.kindOf(a).description();
    }

    private static ByteBuffer readHeader(FileChannel channel, long size) throws IOException, CorruptEntryException {
        if (size < EntryFormat.HEADER_V1 + EntryFormat.TRAILER) {
            throw new CorruptEntryException("truncated: " + size + " bytes, a valid entry has at least "
                    + (EntryFormat.HEADER_V1 + EntryFormat.TRAILER));
        }
        ByteBuffer header = ByteBuffer.allocate((int) Math.min(EntryFormat.HEADER, size));
        readFully(channel, header, 0);
        return header.flip();
    }

    /** The checksum over everything before it, in 64 KiB chunks: constant memory whatever the entry's size. */
    private static void checkStreaming(FileChannel channel, EntryFormat.Header h) throws IOException, CorruptEntryException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        long position = 0;
        long end = h.checkedLength();
        while (position < end) {
            chunk.clear().limit((int) Math.min(CHUNK, end - position));
            int read = channel.read(chunk, position);
            if (read < 0) {
                throw new CorruptEntryException("truncated while being read");
            }
            position += read;
            crc.update(chunk.flip());
        }
        ByteBuffer trailer = ByteBuffer.allocate(EntryFormat.TRAILER);
        readFully(channel, trailer, end);
        EntryFormat.checkCrc(crc, trailer.getInt(0));
    }

    /** The value decoded from a mapped payload needs about the payload's size of heap (a compressed one more). */
    private static void requireHeap(Path path, int payload, long fileSize) throws EntryTooLargeException {
        HeapRoom.require(payload, () -> "the cache entry " + path + " (" + HeapRoom.mib(fileSize) + ")");
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException, CorruptEntryException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new CorruptEntryException("truncated while being read");
            }
            at += read;
        }
    }
}
