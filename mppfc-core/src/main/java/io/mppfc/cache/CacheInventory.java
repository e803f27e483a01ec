package io.mppfc.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a cache holds on disk, for the command line: functions, entries, checks and eviction.
 * Works on the files alone (no codec, no classes of the user's).
 *
 * @since 0.1
 */
public final class CacheInventory {

    private static final Pattern DIRECTORY = Pattern.compile("[0-9a-f]{3}");
    private static final Pattern FILE = Pattern.compile("[0-9a-f]{64}");
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    /**
     * One entry file.
     *
     * @param path where it is
     * @param key its key, from the path
     * @param size its size in bytes
     * @param modified when it was last written or read (reads update it)
     */
    public record Entry(Path path, CacheKey key, long size, Instant modified) {
    }

    /**
     * One function's directory, summed up.
     *
     * @param name the directory name, e.g. {@code com.acme.Physics.slow}
     * @param directory the directory
     * @param entries how many entries
     * @param bytes their total size
     * @param computeTime the computation time stored with them, summed
     * @param quarantined how many bad entries were moved aside
     * @param oldest the oldest entry's time, or null
     * @param newest the newest entry's time, or null
     */
    public record FunctionSummary(String name, Path directory, long entries, long bytes, Duration computeTime,
            long quarantined, Instant oldest, Instant newest) {
    }

    /**
     * What a garbage collection did.
     *
     * @param scanned entries looked at
     * @param evicted entries removed
     * @param freedBytes their size
     * @param skipped entries left because they were used or rewritten during the collection
     * @param staleTempFiles temp files of crashed writers removed (older than an hour)
     */
    public record GcResult(long scanned, long evicted, long freedBytes, long skipped, long staleTempFiles) {
    }

    private CacheInventory() {
    }

    /**
     * Returns its function directories, sorted by name.
     *
     * @param root a cache root
     * @return its function directories, sorted by name
     * @throws IOException if the root cannot be listed
     */
    public static List<Path> functionDirectories(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && !child.getFileName().toString().startsWith(".")) {
                    dirs.add(child);
                }
            }
        }
        dirs.sort(Comparator.comparing(Path::toString));
        return dirs;
    }

    /**
     * Returns its entry files (not temp files, not quarantined ones).
     *
     * @param functionDirectory a function's directory
     * @return its entry files (not temp files, not quarantined ones)
     * @throws IOException if it cannot be listed
     */
    public static List<Entry> entries(Path functionDirectory) throws IOException {
        CacheLayout.check(functionDirectory, true);
        List<Entry> entries = new ArrayList<>();
        for (Path directory : list(functionDirectory, DIRECTORY)) {
            for (Path file : list(directory, FILE)) {
                String name = file.getFileName().toString();
                if (!name.startsWith(directory.getFileName().toString())) {
                    continue; // not where its key puts it: never read
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(new Entry(file, CacheKey.ofHex(name), a.size(), a.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException e) {
                    // evicted or quarantined meanwhile
                }
            }
        }
        return entries;
    }

    /** Never lists through a symlink: a level directory replaced by one is not part of the cache. */
    private static List<Path> list(Path dir, Pattern names) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (names.matcher(child.getFileName().toString()).matches()) {
                    found.add(child);
                }
            }
        } catch (NoSuchFileException e) {
            return found;
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    /**
     * Returns its summary (computation times from each entry's header).
     *
     * @param functionDirectory a function's directory
     * @return its summary (computation times from each entry's header)
     * @throws IOException if it cannot be read
     */
    public static FunctionSummary summarize(Path functionDirectory) throws IOException {
        List<Entry> entries = entries(functionDirectory);
        long bytes = 0;
        Duration compute = Duration.ZERO;
        Instant oldest = null;
        Instant newest = null;
        for (Entry e : entries) {
            bytes += e.size();
            compute = compute.plus(storedComputeTime(e.path()));
            oldest = oldest == null || e.modified().isBefore(oldest) ? e.modified() : oldest;
            newest = newest == null || e.modified().isAfter(newest) ? e.modified() : newest;
        }
        long quarantined = Quarantine.count(functionDirectory);
        return new FunctionSummary(functionDirectory.getFileName().toString(), functionDirectory, entries.size(), bytes,
                compute, quarantined, oldest, newest);
    }

    /**
     * The computation time in an entry's header; zero if the header is not readable.
     *
     * @param entry an entry file
     * @return the stored computation time
     */
    public static Duration storedComputeTime(Path entry) {
        EntryFormat.Header header = EntryFile.headerOrNull(entry);
        return header == null ? Duration.ZERO : Duration.ofNanos(header.computeNanos());
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
     * @param path the entry
     * @param problem what is wrong
     * @param quarantined whether it was moved aside (damage), or left in place (readable elsewhere)
     */
    public record Finding(Path path, String problem, boolean quarantined) {
    }

    /**
     * Checks every entry's format and checksum in constant memory, and that its codec is
     * available here. Damaged entries (and anything at an entry path that is not a regular file)
     * are moved to the quarantine folder; an entry of an unavailable codec is valid and stays.
     *
     * @param functionDirectory a function's directory
     * @return what was found wrong, entry by entry
     * @throws IOException if the directory cannot be read or an entry cannot be moved
     */
    public static List<Finding> verify(Path functionDirectory) throws IOException {
        List<Finding> found = new ArrayList<>();
        for (Entry e : entries(functionDirectory)) {
            String damage;
            try {
                EntryFormat.Header header = EntryFile.check(e.path());
                String missing = Codec.unavailable(header.codecId());
                if (missing == null) {
                    continue;
                }
                if (Codec.byId(header.codecId()) != null) {
                    found.add(new Finding(e.path(), missing, false));
                    continue;
                }
                damage = missing;
            } catch (NoSuchFileException x) {
                continue;
            } catch (CorruptEntryException x) {
                damage = x.getMessage();
            } catch (IOException x) {
                damage = "unreadable: " + x;
            }
            found.add(new Finding(e.path(), damage, Quarantine.move(functionDirectory, e.path(), damage) != null));
        }
        return found;
    }

    /**
     * Evicts least recently used entries (by modification time, which every hit updates) until
     * the cache is at most {@code maxBytes}, and every entry not used for {@code olderThan}.
     * Holds {@code <root>/.gc.lock} while it runs; an entry used or rewritten since the scan is
     * left alone; never touches an entry being written (those are temp files until renamed).
     *
     * @param root the cache root
     * @param maxBytes the size to get down to, or a negative number for no bound
     * @param olderThan evict entries unused for this long, or null
     * @return what was done
     * @throws IOException if the cache cannot be read, or another collection holds the lock
     */
    public static GcResult collect(Path root, long maxBytes, Duration olderThan) throws IOException {
        try (FileChannel lockFile = FileChannel.open(root.resolve(".gc.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IOException("another mppfc gc is running on " + root + " (it holds " + root.resolve(".gc.lock") + ")");
            }
            List<Entry> all = new ArrayList<>();
            long staleTemps = 0;
            for (Path function : functionDirectories(root)) {
                all.addAll(entries(function));
                staleTemps += removeStaleTemps(function);
            }
            all.sort(Comparator.comparing(Entry::modified));
            long total = all.stream().mapToLong(Entry::size).sum();
            Instant cutoff = olderThan == null ? null : Instant.now().minus(olderThan);
            long evicted = 0;
            long freed = 0;
            long skipped = 0;
            for (Entry e : all) {
                boolean tooBig = maxBytes >= 0 && total > maxBytes;
                boolean tooOld = cutoff != null && e.modified().isBefore(cutoff);
                if (!tooBig && !tooOld) {
                    break;
                }
                try {
                    Instant now = Files.getLastModifiedTime(e.path(), LinkOption.NOFOLLOW_LINKS).toInstant();
                    if (!now.equals(e.modified())) {
                        skipped++; // used or rewritten since the scan: no longer the least recent
                        continue;
                    }
                    Files.delete(e.path());
                    evicted++;
                    freed += e.size();
                    total -= e.size();
                } catch (NoSuchFileException x) {
                    total -= e.size();
                }
            }
            return new GcResult(all.size(), evicted, freed, skipped, staleTemps);
        }
    }

    /** Temp files of writers that died before their rename. */
    private static long removeStaleTemps(Path function) throws IOException {
        long removed = 0;
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        for (Path directory : list(function, DIRECTORY)) {
            for (Path temp : list(directory, Pattern.compile(Pattern.quote(DiskCache.TEMP_PREFIX) + ".*"))) {
                try {
                    if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.delete(temp);
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // renamed into place meanwhile
                }
            }
        }
        return removed;
    }
}
