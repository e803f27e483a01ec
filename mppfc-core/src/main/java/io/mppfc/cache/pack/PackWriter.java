package io.mppfc.cache.pack;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.FilePermissions;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes one {@link Pack}: records streamed to a temp file in the packs directory, then the
 * sorted index and the footer, fsynced, and renamed into place; closing an unfinished writer
 * deletes the temp file. The pack is either whole under its name or absent.
 */
public final class PackWriter implements AutoCloseable {

    /** What a writer buffers at most before it writes: a fold's or {@code pack}'s output may be large. */
    private static final int MOST_BUFFERED = 1 << 16;
    private static final int LEAST_BUFFERED = 1 << 9;

    private final Path directory;
    private final long generation;
    /** Whether the pack is fsynced, file and directory, before it counts as written. */
    private final boolean durable;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private final byte[] header;
    private long position;
    // grown by doubling: a batch pack holds a few dozen records, and 16 KiB of slots per
    // publication was a third of what a batch allocated
    private long[] prefixes = new long[64];
    private long[] offsets = new long[64];
    private int count;
    private boolean finished;

    /**
     * A pack of {@code generation}, fsynced before it is renamed into place: what maintenance writes.
     *
     * @param packsDirectory the function's packs directory, which must exist
     * @param generation the pack's generation
     * @throws IOException if its temp file cannot be created
     */
    public PackWriter(Path packsDirectory, long generation) throws IOException {
        this(packsDirectory, generation, true, "pack-");
    }

    /**
     * A pack whose temp file is named {@code .tmp-<tempName><nonce>}, fsynced only if {@code durable}.
     *
     * @param packsDirectory the function's packs directory, which must exist
     * @param generation the pack's generation
     * @param durable whether the pack and its directory are fsynced before the pack counts as written
     * @param tempName what the temp file's name starts with after the temp prefix
     * @throws IOException if its temp file cannot be created
     */
    public PackWriter(Path packsDirectory, long generation, boolean durable, String tempName) throws IOException {
        this(packsDirectory, generation, durable, tempName, MOST_BUFFERED);
    }

    /**
     * A pack as {@link #PackWriter(Path, long, boolean, String)} makes it, whose records are
     * expected to come to about {@code expectedBytes}: its buffer is no larger than that. A batch
     * pack of a few KiB allocated and zeroed a 64 KiB buffer per publication, a fifth of what a
     * store allocated.
     *
     * @param packsDirectory the function's packs directory, which must exist
     * @param generation the pack's generation
     * @param durable whether the pack and its directory are fsynced before the pack counts as written
     * @param tempName what the temp file's name starts with after the temp prefix
     * @param expectedBytes about how many bytes the records will take (more only costs more writes)
     * @throws IOException if its temp file cannot be created
     */
    public PackWriter(Path packsDirectory, long generation, boolean durable, String tempName, long expectedBytes)
            throws IOException {
        this.directory = packsDirectory;
        this.generation = generation;
        this.durable = durable;
        this.temp = packsDirectory.resolve(EntryFile.TEMP_PREFIX + tempName + nonce());
        this.channel = FileGate.createNew(temp, FilePermissions.file());
        long whole = expectedBytes + Pack.HEADER + Pack.FOOTER;
        int buffered = (int) Math.max(LEAST_BUFFERED, Math.min(MOST_BUFFERED, whole));
        this.out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), buffered);
        this.header = ByteBuffer.allocate(Pack.HEADER).order(ByteOrder.BIG_ENDIAN)
                .putInt(Pack.MAGIC).put(Pack.VERSION).put(new byte[3]).putLong(generation)
                .putLong(System.currentTimeMillis()).array();
        write(header);
    }

    private static String nonce() {
        return Nonces.hex(8);
    }

    /** The pack's size if a record of {@code entryLength} bytes were added, index and footer included. */
    public long sizeWith(int entryLength) {
        return position + Pack.KEY + entryLength + (long) Pack.SLOT * (count + 1) + Pack.FOOTER;
    }

    public int count() {
        return count;
    }

    /** Adds a record: {@code entry} must be a checked entry, exactly as a loose file holds it; returns its offset. */
    public long add(CacheKey key, byte[] entry) throws IOException {
        if (count == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        byte[] k = key.bytes();
        prefixes[count] = ByteBuffer.wrap(k).getLong();
        offsets[count] = position;
        count++;
        write(k);
        write(entry);
        return offsets[count - 1];
    }

    /**
     * Adds a record copied whole from another pack ({@link Pack#copyRecord}): its key, then its
     * entry, which must be a checked entry; returns its offset.
     *
     * @param record the record's bytes from index 0
     * @param length how many of them
     */
    public long addRecord(byte[] record, int length) throws IOException {
        if (count == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        prefixes[count] = ByteBuffer.wrap(record, 0, Pack.KEY).getLong();
        offsets[count] = position;
        count++;
        out.write(record, 0, length);
        position += length;
        return offsets[count - 1];
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        position += bytes.length;
    }

    /**
     * Writes the index and footer, syncs, and renames the pack into place.
     *
     * @return where it is
     */
    public Path finish() throws IOException {
        long indexOffset = position;
        int indexCrc = writeIndex();
        ByteBuffer footer = ByteBuffer.allocate(Pack.FOOTER).order(ByteOrder.BIG_ENDIAN);
        footer.putLong(indexOffset).putInt(count).putInt(indexCrc);
        CRC32C footerCrc = new CRC32C();
        footerCrc.update(header);
        footerCrc.update(footer.array(), 0, 16);
        footer.putInt((int) footerCrc.getValue()).putInt(Pack.MAGIC);
        write(footer.array());
        out.flush();
        if (durable) {
            channel.force(true);
        }
        channel.close();
        Path target = directory.resolve(name(generation, nonce()));
        FileGate.rename(temp, target, false);
        PackSet.publishedHere();
        finished = true;
        if (durable) {
            syncDirectory(directory);
        }
        return target;
    }

    /**
     * Writes the index's slots in order; returns their checksum. A loop of its own, out of
     * {@link #finish}: a method with a loop is compiled once more for the loop alone (on-stack
     * replacement), and {@code finish} inlines most of the file's closing and renaming.
     */
    private int writeIndex() throws IOException {
        int[] order = indexOrder(prefixes, count);
        CRC32C indexCrc = new CRC32C();
        ByteBuffer slot = ByteBuffer.allocate(Pack.SLOT).order(ByteOrder.BIG_ENDIAN);
        for (int i : order) {
            slot.clear();
            slot.putLong(prefixes[i]).putLong(offsets[i]);
            indexCrc.update(slot.array());
            write(slot.array());
        }
        return (int) indexCrc.getValue();
    }

    /** {@code pack-<generation, 12 hex digits>-<nonce>.mpk}, without {@code String.format}'s parsing per pack. */
    static String name(long generation, String nonce) {
        String digits = Long.toHexString(generation);
        return "pack-" + "0".repeat(Math.max(0, 12 - digits.length())) + digits + "-" + nonce + ".mpk";
    }

    /** Bits of a sort word that hold a record's number; the rest hold the top of its prefix. */
    private static final int NUMBER_BITS = 24;

    /**
     * The records' numbers in the index's order, by unsigned prefix. A sort of boxed numbers with a
     * comparator was a fifth of a batch fold's CPU: the numbers are sorted as primitive words
     * instead, each the top 40 bits of its prefix (sign flipped, so signed order is unsigned
     * order) above the number, and the rare runs that share those 40 bits are sorted by the whole
     * prefix after.
     */
    static int[] indexOrder(long[] prefixes, int count) {
        int[] order = new int[count];
        if (count >= 1 << NUMBER_BITS) {
            Integer[] boxed = new Integer[count];
            for (int i = 0; i < count; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (a, b) -> Long.compareUnsigned(prefixes[a], prefixes[b]));
            for (int i = 0; i < count; i++) {
                order[i] = boxed[i];
            }
            return order;
        }
        long numberMask = (1L << NUMBER_BITS) - 1;
        long[] words = new long[count];
        for (int i = 0; i < count; i++) {
            words[i] = ((prefixes[i] & ~numberMask) ^ Long.MIN_VALUE) | i;
        }
        Arrays.sort(words);
        for (int i = 0; i < count; i++) {
            order[i] = (int) (words[i] & numberMask);
        }
        for (int i = 1; i < count; i++) { // insertion sort within runs of equal top bits: in order already but for those
            int moving = order[i];
            int j = i;
            while (j > 0 && (words[j - 1] & ~numberMask) == (words[i] & ~numberMask)
                    && Long.compareUnsigned(prefixes[order[j - 1]], prefixes[moving]) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = moving;
        }
        return order;
    }

    public static void syncDirectory(Path dir) throws IOException {
        FileGate.syncDirectory(dir);
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            channel.close();
            FileGate.deleteFile(temp);
        }
    }
}
