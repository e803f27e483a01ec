package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CacheLayout;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.NotACacheException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a cache holds on disk, for the command line: functions, entries, checks and eviction.
 * Works on the files alone (no codec, no classes of the user's).
 *
 * @since 0.1
 */
public final class CacheInventory {

    /**
     * One entry: a loose file, or a record of a pack.
     *
     * @param path the loose file, or the pack holding the record
     * @param key its key
     * @param size its size in bytes (the entry's bytes, also for a packed one)
     * @param modified when it was last written or read (reads update it at most hourly; a packed
     *     entry has its own, kept when it was packed)
     * @param packOffset where the record starts in the pack, or -1 for a loose file
     */
    public record Entry(Path path, CacheKey key, long size, Instant modified, long packOffset) {

        /**
         * Whether it is a record of a pack.
         *
         * @return whether it is a record of a pack
         */
        public boolean packed() {
            return packOffset >= 0;
        }
    }

    /**
     * One function's directory, summed up.
     *
     * @param name the directory name, e.g. {@code com.acme.Physics.slow}
     * @param directory the directory
     * @param looseEntries how many entries are files of their own
     * @param packedEntries how many entries are records of packs (one counted once, where it is read from)
     * @param bytes the size of the entries (each counted once)
     * @param diskBytes what the directory occupies on disk, everything in it included: the file
     *     system's blocks, as {@code du} counts them
     * @param computeTime the computation time stored with the entries, summed
     * @param quarantined how many bad entries were moved aside
     * @param oldest the oldest entry's time, or null
     * @param newest the newest entry's time, or null
     */
    public record FunctionSummary(String name, Path directory, long looseEntries, long packedEntries, long bytes,
            long diskBytes, Duration computeTime, long quarantined, Instant oldest, Instant newest) {

        public long entries() {
            return looseEntries + packedEntries;
        }
    }

    /**
     * What packing one function did.
     *
     * @param function the function's directory name
     * @param removedLoose loose files now in a pack and removed
     * @param records records in the new pack(s)
     * @param packsWritten packs written
     * @param packsReplaced packs the new ones replaced
     * @param quarantined damaged entries or records moved aside
     */
    public record PackResult(String function, long removedLoose, long records, long packsWritten, long packsReplaced,
            long quarantined) {
    }

    /**
     * What a garbage collection did.
     *
     * @param scanned entries looked at (loose and packed)
     * @param evicted entries removed (a pack is evicted whole)
     * @param freedBytes the disk space they occupied
     * @param skipped entries left because they were used or rewritten during the collection
     * @param staleTempFiles temp files of crashed writers removed (older than an hour)
     * @param packed loose entries gathered into packs afterwards
     * @param diskBytes what the cache occupies on disk afterwards
     * @param outOfReachBytes when the size bound could not be met by evicting every entry, what the cache holds
     *        besides its entries (damaged or planted files, the quarantine, failure records): then no entry was
     *        evicted for size; else 0. The cache's own bookkeeping (directories, records of layout and use) is
     *        not counted in it
     * @param belowBookkeepingBytes when the size bound is below what the cache keeps for itself, so that every
     *        entry was evicted and the bound is still not met ({@code --max-size 0}), what it occupies now; else 0
     */
    public record GcResult(long scanned, long evicted, long freedBytes, long skipped, long staleTempFiles, long packed,
            long diskBytes, long outOfReachBytes, long belowBookkeepingBytes) {
    }

    private CacheInventory() {
    }

    /**
     * The function directories of a cache root, by name: never a link, nor a dot directory, nor a
     * directory that is not mppfc's ({@link CacheMarker#isFunctionDirectory}).
     */
    public static List<Path> functionDirectories(Path root) throws IOException {
        return EntryListing.functionDirectories(root);
    }

    /**
     * @param functionDirectory a function's directory
     * @throws IOException if it cannot be listed
     */
    public static List<Entry> entries(Path functionDirectory) throws IOException {
        return EntryListing.entries(functionDirectory);
    }

    /**
     * Returns how many entries it holds, loose and packed, each counted once (packs' indexes are
     * read, not a file per packed entry).
     *
     * @param functionDirectory a function's directory
     * @return how many entries
     * @throws IOException if it cannot be read
     */
    public static long count(Path functionDirectory) throws IOException {
        return EntryListing.count(functionDirectory);
    }

    /**
     * Returns its packed entries that are read from their packs: not those a loose file or a newer
     * pack shadows. Reads the packs' indexes, not a file per entry.
     *
     * @param functionDirectory a function's directory
     * @return its packed entries, pack by pack in key order
     * @throws IOException if a pack cannot be read
     */
    public static List<Entry> packedEntries(Path functionDirectory) throws IOException {
        return EntryListing.packedEntries(functionDirectory);
    }

    /**
     * Returns its summary: loose and packed entries, their bytes, the bytes on disk, and the
     * computation times from each entry's header.
     *
     * @param functionDirectory a function's directory
     * @return its summary
     * @throws IOException if it cannot be read
     */
    public static FunctionSummary summarize(Path functionDirectory) throws IOException {
        return EntryListing.summarize(functionDirectory);
    }

    /**
     * Gathers the small loose entries and the packs of each function (or of some) into one pack,
     * holding {@code <root>/.gc.lock}. Safe while other processes read and write: every entry
     * stays readable throughout, from its loose file, its old pack or its new one.
     *
     * @param root the cache root
     * @param functionDirectories some function directories, or null for all
     * @return what was done, per function
     * @throws IOException if the cache cannot be read or written, or another maintenance command runs
     */
    public static List<PackResult> pack(Path root, List<Path> functionDirectories) throws IOException {
        return MaintenanceLock.holding(root, "pack", () -> {
            List<PackResult> results = new ArrayList<>();
            for (Path function : functionDirectories == null ? functionDirectories(root) : functionDirectories) {
                results.add(Packer.pack(function));
            }
            return results;
        });
    }

    /**
     * The computation time in an entry's header; zero if the header is not readable.
     *
     * @param entry a loose or packed entry
     * @return the stored computation time
     */
    public static Duration storedComputeTime(Entry entry) {
        return EntryDetails.computeTime(entry);
    }

    /**
     * The arguments an entry was computed from, as a JSON array (no class of the user's is
     * loaded), read from the footprint stored in the entry.
     *
     * @param entry a loose or packed entry
     * @return the JSON array, or null if the entry does not hold its arguments (written by mppfc
     *     0.1, arguments over 64 KiB) or cannot be read
     */
    public static String arguments(Entry entry) {
        return EntryDetails.arguments(entry);
    }

    /**
     * What {@link #verify(Path)} checks, on the bytes of one entry file: its format and checksum.
     *
     * @param entry the bytes of an entry file
     * @return why it is damaged, or null if it is a valid entry
     */
    public static String check(byte[] entry) {
        try {
            EntryFormat.parse(entry);
            return null;
        } catch (CorruptEntryException e) {
            return e.getMessage();
        }
    }

    /**
     * What {@link #verify(Path)} found wrong with one entry.
     *
     * @param path the entry (or the pack holding it)
     * @param problem what is wrong
     * @param quarantined whether it was moved aside (damage), or left in place (readable elsewhere)
     * @param records how many entries it stands for (more than one: the damaged records of a pack
     *     beyond those named one by one)
     */
    public record Finding(Path path, String problem, boolean quarantined, long records) {

        /**
         * One entry's finding.
         *
         * @param path the entry (or the pack holding it)
         * @param problem what is wrong
         * @param quarantined whether it was moved aside
         */
        public Finding(Path path, String problem, boolean quarantined) {
            this(path, problem, quarantined, 1);
        }

        public Path functionDirectory() {
            Path parent = path.getParent();
            return parent.getParent();
        }
    }

    /**
     * Checks every entry's format and checksum in constant memory, and that its codec is
     * available here, loose files and packed records alike. Damaged entries (and anything at an
     * entry path that is not a regular file) are moved to the quarantine folder; a pack with
     * damaged records is rewritten without them (their bytes kept in the quarantine), a pack whose
     * index is damaged is moved there whole; an entry of an unavailable codec is valid and stays.
     *
     * @param functionDirectory a function's directory
     * @return what was found wrong, entry by entry
     * @throws IOException if the directory cannot be read or an entry cannot be moved
     */
    public static List<Finding> verify(Path functionDirectory) throws IOException {
        if (!CacheMarker.isFunctionDirectory(functionDirectory)) {
            throw new NotACacheException(functionDirectory.toAbsolutePath() + " is not a function directory of an mppfc "
                    + "cache (it has no layout file): nothing there is checked or moved");
        }
        return Verifier.verify(functionDirectory);
    }

    /**
     * Evicts least recently used entries (by their time of last use, which hits update at most
     * hourly: a loose file's modification time, a packed entry's slot in its pack's table of last
     * uses; a pack without such a table counts as one unit; a time in the future counts as now)
     * until the cache occupies at most
     * {@code maxBytes} on disk, and every entry not used for {@code olderThan}; then packs what is
     * left ({@link #pack}). Holds {@code <root>/.gc.lock} while it runs; an entry used or rewritten
     * since the scan is left alone; never touches an entry being written (a temp file until renamed).
     *
     * @param root the cache root
     * @param maxBytes the disk space to get down to, or a negative number for no bound
     * @param olderThan evict entries unused for this long, or null
     * @return what was done
     * @throws IOException if the cache cannot be read, or another collection holds the lock
     */
    public static GcResult collect(Path root, long maxBytes, Duration olderThan) throws IOException {
        return Collector.collect(root, maxBytes, olderThan);
    }

    /**
     * Converts every function directory of the old layout (mppfc 0.1) to the current one, in
     * place, by renaming entry files (nothing is recomputed), holding {@code <root>/.gc.lock}.
     *
     * @param root the cache root
     * @return the entries moved, per function directory name (only those converted)
     * @throws IOException if a file cannot be moved; running it again finishes the job
     */
    public static java.util.Map<String, Long> upgrade(Path root) throws IOException {
        return MaintenanceLock.holding(root, "upgrade", () -> {
            java.util.Map<String, Long> moved = new java.util.TreeMap<>();
            for (Path function : functionDirectories(root)) {
                if (CacheLayout.recorded(function) == null && CacheLayout.holdsLayout1(function)) {
                    moved.put(function.getFileName().toString(), LayoutUpgrade.upgrade(function));
                }
            }
            return moved;
        });
    }
}
