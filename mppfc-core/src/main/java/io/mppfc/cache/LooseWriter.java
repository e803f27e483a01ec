package io.mppfc.cache;

import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.files.FileGate;
import io.mppfc.files.IoText;
import io.mppfc.files.Nonces;
import io.mppfc.files.RealDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * Writes loose entry files: a temp file with an unpredictable name in the entry's own directory,
 * created exclusively and owner-only (the group's in a team's cache), then renamed into place atomically (or hard-linked, for
 * "store unless present"), so a reader in any process never sees a partial entry.
 */
final class LooseWriter {

    /**
     * Starts every temp name of this process: unguessable by others, drawn once. A counter
     * after it makes each name unique; a name planted ahead of it is skipped ({@link #NAME_TRIES}).
     */
    private static final String PROCESS_NONCE;
    private static final java.util.concurrent.atomic.AtomicLong COUNTER = new java.util.concurrent.atomic.AtomicLong();
    /** How many names a create tries when something is already at each: only planted files are. */
    private static final int NAME_TRIES = 8;

    static {
        byte[] nonce = new byte[8];
        Nonces.fill(nonce);
        PROCESS_NONCE = Hex.of(nonce);
    }

    private final Path directory;
    private final EntryDirectories directories;
    private final boolean durable;
    /** Starts the names of this writer's temp files, so that the coordinator can remove them if it dies; or "". */
    private final String tempTag;

    LooseWriter(Path functionDirectory, EntryDirectories directories, boolean durable, String tempTag) {
        this.directory = functionDirectory;
        this.directories = directories;
        this.durable = durable;
        this.tempTag = tempTag;
    }

    String tempTag() {
        return tempTag;
    }

    /** A new temp name: the process's nonce and the counter's next value, in 16 hex digits. */
    String tempName(String kind) {
        return DiskCache.TEMP_PREFIX + (tempTag.isEmpty() ? "" : tempTag + "-") + kind + PROCESS_NONCE
                + java.util.HexFormat.of().toHexDigits(COUNTER.incrementAndGet());
    }

    /** Creates and removes a probe file: what a worker on another host does before it takes jobs. */
    void checkWritable() throws IOException {
        try {
            RealDirectory dir = FileGate.realDirectoryOrNull(directory);
            if (dir == null) {
                throw new java.nio.file.NotDirectoryException(directory.toString());
            }
            Path[] probe = new Path[1];
            create(dir, "probe-", probe).close();
            FileGate.deleteFile(probe[0]);
        } catch (IOException e) {
            throw new IOException("cannot write to the cache directory " + directory + " from "
                    + ProcessHandle.current().pid() + ": " + IoText.describe(e), e);
        }
    }

    /**
     * Stores an entry of a known length at {@code target}.
     *
     * @return false if {@code overwrite} is false and an entry was already there (nothing written)
     */
    boolean write(Path target, byte[] head, ByteBuffer payload, boolean overwrite) throws IOException, CodecException {
        for (int attempt = 0; ; attempt++) {
            Path temp = writeTemp(target.getParent(), file -> writeWhole(file, head, payload));
            try {
                return commit(temp, target, overwrite);
            } catch (IOException e) {
                if (attempt == 3 || !vanished(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether the rename failed because the filled temp file went with its directory (renamed aside
     * by mppfc clear, or emptied and removed by pack, between the fill and the rename): it is then
     * written again into the directory made anew, rather than failing the caller's call.
     */
    private static boolean vanished(IOException e) {
        return e.getCause() instanceof NoSuchFileException;
    }

    /** Encodes a payload into a region of the temp file: it returns the encoding (a view of the region, or elsewhere). */
    interface Encoder {
        ByteBuffer encodeInto(ByteBuffer region) throws CodecException;
    }

    /**
     * Stores an entry whose payload is encoded straight into the temp file, mapped: a large value
     * then costs no second copy on the heap. The head, which holds the payload's length, is
     * written once the payload is.
     *
     * @param headLength the length of every head {@code head} returns
     * @param capacity the most bytes the encoding is expected to take (more is written from the heap)
     */
    boolean writeEncoded(Path target, int headLength, IntFunction<byte[]> head, int capacity, Encoder encoder,
            boolean overwrite) throws IOException, CodecException {
        for (int attempt = 0; ; attempt++) {
            Path temp = writeEncodedTemp(target, headLength, head, capacity, encoder);
            try {
                return commit(temp, target, overwrite);
            } catch (IOException e) {
                if (attempt == 3 || !vanished(e)) {
                    throw e;
                }
            }
        }
    }

    private Path writeEncodedTemp(Path target, int headLength, IntFunction<byte[]> head, int capacity, Encoder encoder)
            throws IOException, CodecException {
        return writeTemp(target.getParent(), file -> {
            allocate(file, (long) headLength + capacity);
            java.nio.MappedByteBuffer region = file.map(FileChannel.MapMode.READ_WRITE, headLength, capacity);
            ByteBuffer payload = encoder.encodeInto(region);
            if (!payload.isDirect()) {
                writeFully(file, payload.duplicate(), headLength); // the encoding outgrew the region, into the heap
            } else if (durable) {
                region.force(); // the file's fsync is only sure to cover writes made through the channel
            }
            byte[] h = head.apply(payload.remaining());
            CRC32C crc = new CRC32C();
            crc.update(h);
            crc.update(payload.duplicate());
            writeFully(file, ByteBuffer.wrap(h), 0);
            long end = (long) headLength + payload.remaining();
            writeFully(file, ByteBuffer.allocate(EntryFormat.TRAILER).putInt(0, (int) crc.getValue()), end);
            file.truncate(end + EntryFormat.TRAILER);
        });
    }

    /**
     * A new empty temp file beside {@code target}, for an entry that arrives in parts
     * ({@link IncomingEntry}); {@link #commitReceived} renames it into place.
     */
    FileChannel openTemp(Path target, Path[] temp) throws IOException {
        RealDirectory dir = directories.prepareForWrite(target.getParent());
        try {
            return create(dir, "", temp);
        } catch (IOException e) {
            throw new IOException("cannot create a file in the cache directory " + directory + ": "
                    + IoText.describe(e), e);
        }
    }

    /** Renames a received temp file over the entry (fsynced first if durable); the temp is gone after. */
    void commitReceived(FileChannel file, Path temp, Path target) throws IOException {
        if (durable) {
            file.force(true);
        }
        commit(temp, target, true);
    }

    private boolean commit(Path temp, Path target, boolean overwrite) throws IOException {
        boolean renamed = false;
        try {
            if (overwrite) {
                replace(temp, target);
                renamed = true;
            } else if (!linkUnlessExists(temp, target)) {
                return false;
            }
            if (durable) {
                PackWriter.syncDirectory(target.getParent());
            }
            return true;
        } catch (IOException e) {
            throw new IOException("cannot store an entry in the cache directory " + directory + ": "
                    + IoText.describe(e), e);
        } finally {
            if (!renamed) {
                FileGate.deleteFile(temp); // a renamed temp is gone: no call for nothing
            }
        }
    }

    /** Renames the temp file over the entry; something planted there that is not a file is moved aside first. */
    private void replace(Path temp, Path target) throws IOException {
        try {
            FileGate.rename(temp, target, true);
        } catch (IOException e) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                throw e;
            }
            if (a.isRegularFile()) {
                throw e;
            }
            Quarantine.move(directory, target, "not a regular file but " + EntryFile.kind(a));
            FileGate.rename(temp, target, true);
        }
    }

    /** A hard link fails if the target exists, which makes "store unless present" atomic. */
    private static boolean linkUnlessExists(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** What fills a new temp file: writes, and perhaps encodes a value, which may be refused. */
    private interface Fill {
        void into(FileChannel file) throws IOException, CodecException;
    }

    /**
     * Entries up to this size are written from one buffer: a gathering write copies each part
     * into a temporary direct buffer of its own, which cost a small entry's miss about 1 µs.
     */
    private static final int ONE_BUFFER = 64 * 1024;

    /** Head, payload and checksum in one write: a small entry from one buffer, a large one gathered (its payload not copied). */
    private static void writeWhole(FileChannel file, byte[] head, ByteBuffer payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(head);
        crc.update(payload.duplicate());
        int length = head.length + payload.remaining() + EntryFormat.TRAILER;
        if (length <= ONE_BUFFER) {
            ByteBuffer all = ByteBuffer.allocate(length).put(head).put(payload.duplicate())
                    .putInt((int) crc.getValue()).flip();
            while (all.hasRemaining()) {
                file.write(all);
            }
            return;
        }
        ByteBuffer[] parts = {ByteBuffer.wrap(head), payload.duplicate(),
            ByteBuffer.allocate(EntryFormat.TRAILER).putInt(0, (int) crc.getValue())};
        while (parts[2].hasRemaining()) {
            file.write(parts);
        }
    }

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

    /**
     * Writes zeros up to {@code length}: a full disk is then an IOException here, not a fault
     * when the mapped pages are written, which the JVM reports as an InternalError thrown at
     * some later instruction of the thread.
     */
    private static void allocate(FileChannel file, long length) throws IOException {
        for (long at = 0; at < length;) {
            at += file.write(ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), length - at)), at);
        }
    }

    private static void writeFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
        for (long at = position; bytes.hasRemaining();) {
            at += file.write(bytes, at);
        }
    }

    /** A temp file in {@code dir}, filled; removed again if filling fails. */
    private Path writeTemp(Path dir, Fill fill) throws IOException, CodecException {
        Path[] made = new Path[1];
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            // emptied and removed by mppfc pack, or by mppfc clear, since the last look: made again
            RealDirectory checked = directories.prepareForWrite(dir);
            try {
                channel = create(checked, "", made);
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw new IOException("cannot create a file in " + dir + ": something keeps removing it", e);
                }
            } catch (IOException e) {
                throw new IOException("cannot create a file in the cache directory " + directory + ": "
                        + IoText.describe(e), e);
            }
        }
        Path temp = made[0];
        try (FileChannel file = channel) {
            fill.into(file);
            if (durable) {
                file.force(true);
            }
        } catch (CodecException e) {
            FileGate.deleteFile(temp);
            throw e;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            String why = e instanceof java.io.UncheckedIOException u ? u.getCause().getMessage() : e.toString();
            throw new IOException("cannot write to the cache directory " + directory + " (disk full?): " + why, e);
        }
        return temp;
    }

    private static final java.nio.file.attribute.FileAttribute<?>[] FILE = FilePermissions.file();

    /** A new temp file in a checked directory, its path put in {@code made[0]}; a name taken by a planted file is passed over. */
    private FileChannel create(RealDirectory dir, String kind, Path[] made) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String name = tempName(kind);
            try {
                FileChannel channel = FileGate.createNewIn(dir, name, FILE);
                made[0] = dir.path().resolve(name);
                return channel;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt == NAME_TRIES) {
                    throw e;
                }
            }
        }
    }
}
