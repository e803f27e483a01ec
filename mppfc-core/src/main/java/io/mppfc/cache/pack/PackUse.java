package io.mppfc.cache.pack;

import io.mppfc.cache.DiskCache;
import io.mppfc.cache.FilePermissions;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * When each record of a pack was last used: a side table beside the pack,
 * {@code pack-….used}, so that packing keeps every entry's real last use (a loose file's
 * modification time when it was packed, a record's own time when it is repacked) and
 * {@code gc --older-than} evicts packed entries one by one. Kept out of the pack, which is
 * immutable and checksummed: this table changes with every hit.
 *
 * <pre>
 * offset  size
 *  0       4   magic "MPFU"
 *  4       4   record count n
 *  8      16n  per record, by offset in the pack: the record's offset, its last use (ms since the epoch)
 * </pre>
 *
 * A hit writes the record's slot in place (a store into a shared mapping: no system call) when
 * its time is more than {@link io.mppfc.cache.entry.LastUse#USED_RESOLUTION_MILLIS} old, as a hit on a loose file
 * moves its time. A pack without a table (written by an older mppfc, or a packer that died
 * between the pack and its table) falls back to the pack's own time for every record.
 */
public final class PackUse {

    public static final String SUFFIX = ".used";
    private static final int MAGIC = 0x4D504655; // "MPFU"
    private static final int HEADER = 8;
    private static final int SLOT = 16;

    private final ByteBuffer map;
    private final int count;

    private PackUse(ByteBuffer map, int count) {
        this.map = map;
        this.count = count;
    }

    /** The side table of a pack. */
    public static Path of(Path pack) {
        String name = pack.getFileName().toString();
        return pack.resolveSibling(name.substring(0, name.length() - ".mpk".length()) + SUFFIX);
    }

    /**
     * Writes the table of a pack just written, whole, then renames it into place.
     *
     * @param offsets the records' offsets, ascending (the order a {@link PackWriter} adds them in)
     * @param lastUse each record's last use, in the same order
     */
    public static void write(Path pack, long[] offsets, long[] lastUse, int count) throws IOException {
        write(pack, offsets, lastUse, count, "");
    }

    /**
     * Writes the table of a pack just written, as {@link #write(Path, long[], long[], int)}, its
     * temp file named as its writer's: a writer killed between the two leaves a temp file its
     * coordinator removes with that writer's others.
     *
     * @param offsets the records' offsets, ascending (the order a {@link PackWriter} adds them in)
     * @param lastUse each record's last use, in the same order
     * @param tempName what the temp file's name starts with after the temp prefix, as its pack's
     */
    public static void write(Path pack, long[] offsets, long[] lastUse, int count, String tempName) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER + SLOT * count).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            b.putLong(offsets[i]).putLong(lastUse[i]);
        }
        Path temp = pack.resolveSibling(DiskCache.TEMP_PREFIX + tempName + "used-" + Nonces.hex(8));
        // through the gate: in a team's cache 0660, so another member's hits can mark their use
        FileGate.replace(of(pack), temp, b.array(), FilePermissions.file());
    }

    /** Removes the table of a pack that is gone. */
    public static void delete(Path pack) throws IOException {
        FileGate.deleteFile(of(pack));
    }

    /**
     * The table of a pack, mapped; null if it has none or it is not a valid table.
     *
     * @param writable whether hits may write it
     */
    public static PackUse open(Pack pack, boolean writable) throws IOException {
        Path path = of(pack.path());
        BasicFileAttributes a = FileGate.attributesOrNull(path);
        if (a == null || !a.isRegularFile() || a.size() != HEADER + (long) SLOT * pack.count()) {
            return null;
        }
        MappedByteBuffer map;
        try (FileGate.Opened opened = writable ? FileGate.openReadWrite(path) : FileGate.openRead(path)) {
            FileChannel channel = opened.channel();
            if (channel.size() != a.size()) {
                return null;
            }
            map = channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, a.size());
        } catch (NoSuchFileException | RefusedFileException e) {
            return null; // replaced since the look: no table, as for any table that is not valid
        }
        ByteBuffer b = map.order(ByteOrder.BIG_ENDIAN);
        if (b.getInt(0) != MAGIC || b.getInt(4) != pack.count()) {
            return null;
        }
        return new PackUse(b, pack.count());
    }

    /** The slot of the record at {@code offset}, or -1. */
    private int slot(long offset) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = map.getLong(HEADER + SLOT * mid);
            if (at < offset) {
                lo = mid + 1;
            } else if (at > offset) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The last use of the record at {@code offset} (ms since the epoch), or -1 if the table does not know it. */
    public long lastUsed(long offset) {
        int slot = slot(offset);
        return slot < 0 ? -1 : map.getLong(HEADER + SLOT * slot + 8);
    }

    /** A hit: the record's time moves to now if it is more than the resolution old. */
    public void markUsed(long offset, long now) {
        int slot = slot(offset);
        if (slot >= 0 && now - map.getLong(HEADER + SLOT * slot + 8) > io.mppfc.cache.entry.LastUse.USED_RESOLUTION_MILLIS) {
            map.putLong(HEADER + SLOT * slot + 8, now);
        }
    }

    /** The last use of a packed record: its table's time, else {@code packTime}, the pack's own ({@link #packTime}). */
    public static long lastUsed(PackUse table, long offset, long packTime) {
        long t = table == null ? -1 : table.lastUsed(offset);
        return t >= 0 ? t : packTime;
    }

    /**
     * The last use of each record at {@code ascending} (offsets in file order), as
     * {@link #lastUsed(PackUse, long, long)} gives it for one: a fold asks this of every record it
     * copies, and a search of the table per record was a tenth of a fold's merge. The table's
     * slots are in offset order too, so one walk of both answers all of them.
     *
     * @param table the pack's table, or null if it has none
     * @param ascending record offsets, ascending (equal ones allowed)
     * @param packTime the pack's own time ({@link #packTime}), for records the table does not know
     * @return each record's last use, in the same order
     */
    public static long[] lastUsedInFileOrder(PackUse table, long[] ascending, long packTime) {
        long[] times = new long[ascending.length];
        int slot = 0;
        for (int i = 0; i < ascending.length; i++) {
            long offset = ascending[i];
            while (table != null && slot < table.count && table.offsetAt(slot) < offset) {
                slot++;
            }
            boolean known = table != null && slot < table.count && table.offsetAt(slot) == offset;
            times[i] = known ? table.timeAt(slot) : packTime;
        }
        return times;
    }

    private long offsetAt(int slot) {
        return map.getLong(HEADER + SLOT * slot);
    }

    private long timeAt(int slot) {
        return map.getLong(HEADER + SLOT * slot + 8);
    }

    /** The pack's own time, which hits on a pack without a table move. */
    public static long packTime(Pack pack) throws IOException {
        return FileGate.modified(pack.path()).toMillis();
    }

    /**
     * The tables of the packs one process hits, opened once each; a pack's table goes when the
     * pack does (weakly held, so a replaced pack's mapping is freed with it).
     */
    public static final class Tables {

        /** A pack without a table is looked at again after this long. */
        private record Known(PackUse table, long checkedAt) {
        }

        private final Map<Pack, Known> tables = new WeakHashMap<>();

        /** Records a hit; false if the pack has no table (the caller marks the pack instead). */
        boolean markUsed(Pack pack, long offset) {
            long now = System.currentTimeMillis();
            Known known;
            synchronized (tables) {
                known = tables.get(pack);
                if (known == null || known.table() == null && now - known.checkedAt() > io.mppfc.cache.entry.LastUse.USED_RESOLUTION_MILLIS) {
                    PackUse table;
                    try {
                        table = open(pack, true);
                    } catch (IOException | RuntimeException e) {
                        table = null; // not ours to write (a read-only file system, another user's cache)
                    }
                    known = new Known(table, now);
                    tables.put(pack, known);
                }
            }
            if (known.table() == null) {
                return false;
            }
            known.table().markUsed(offset, now);
            return true;
        }
    }
}
