package io.mppfc.cache;

import io.mppfc.cache.entry.LastUse;
import io.mppfc.cache.pack.PackSet;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Finds the entry of a key in one function's directory: its loose file, checked, or else its
 * newest packed record; and moves aside what fails a check.
 */
final class EntryLookup {

    private final Path directory;
    private final EntryDirectories directories;
    private final PackSet packs;
    private final boolean readOnly;
    /** What every version 4 entry read here must name as its function ({@link EntryFormat#functionId}). */
    private final byte[] functionId;
    /** How the function hashes arguments into keys, to tie older entries to theirs by their footprint; or null. */
    private final java.util.function.Function<byte[], CacheKey> keyOfFootprint;
    /** Whether the last lookup found no loose entry: a hint only, so a plain field races harmlessly. */
    private boolean lastLooseMissed;

    EntryLookup(Path directory, EntryDirectories directories, PackSet packs, boolean readOnly,
            java.util.function.Function<byte[], CacheKey> keyOfFootprint) {
        this.directory = directory;
        this.directories = directories;
        this.packs = packs;
        this.readOnly = readOnly;
        this.functionId = EntryFormat.functionId(directory);
        this.keyOfFootprint = keyOfFootprint;
    }

    /**
     * Whether a loose file or a packed record of the key exists, by a stat and an index lookup,
     * unchecked. The packs of the last listing are asked first: a worker's DONEs of one batch
     * come together, and the listing made for the first holds the others' keys, answered without
     * a system call instead of a stat of each loose path.
     */
    boolean isPresent(CacheKey key, java.util.function.Function<CacheKey, Path> loosePath) {
        return isPresent(key, loosePath, System.nanoTime());
    }

    /** As {@link #isPresent(CacheKey, java.util.function.Function)}, present at some instant at or after {@code sinceNanos}. */
    boolean isPresent(CacheKey key, java.util.function.Function<CacheKey, Path> loosePath, long sinceNanos) {
        // the loose path is made only when the listing does not answer: a DONE's check made one per task
        if (packs.listedHolds(key, sinceNanos) || looseFileExists(loosePath.apply(key))) {
            return true;
        }
        try {
            return packs.holds(key);
        } catch (IOException e) {
            return false;
        }
    }

    /** A checked entry and where it is: a loose file (with its modification time), or a record of a pack. */
    record Located(EntryFormat.Parsed parsed, Path loose, FileTime modified, PackSet.Found packed) {
    }

    /**
     * What a lookup found: a checked entry, or null; and, for a miss, whether nothing at all was
     * stored for the key (no loose file, no packed record), as opposed to something that is a
     * miss (damaged, a newer mppfc's, not readable here).
     */
    record Outcome(Located found, boolean nothingStored) {
        static final Outcome NOTHING = new Outcome(null, true);
        static final Outcome UNUSABLE = new Outcome(null, false);

        static Outcome of(Located found) {
            return found == null ? UNUSABLE : new Outcome(found, false);
        }
    }

    /** The loose entry if there is one (it is newer than any packed one), else the newest packed one. */
    Located locate(Path path, CacheKey key) throws IOException {
        return look(path, key).found();
    }

    /** As {@link #locate}, saying for a miss whether anything at all was stored. */
    Outcome look(Path path, CacheKey key) throws IOException {
        // Where packs exist, or the last lookup missed (a scan's first run: misses come in runs),
        // a loose miss is likely and worth a plain stat first, which answers "not there" without
        // the exception (~8 µs) that a missing path costs NIO; otherwise a hit saves the stat.
        boolean missLikely = packs.seenAny() || lastLooseMissed;
        boolean looseSeen = false;
        if (!missLikely || looseFileExists(path)) {
            EntryFile.Loaded loose;
            try {
                loose = readChecked(path, key);
                looseSeen = true;
            } catch (NoSuchFileException gone) {
                loose = null;
            }
            if (loose != null) {
                if (lastLooseMissed) {
                    lastLooseMissed = false;
                }
                Located found = new Located(loose.parsed(), path, loose.modified(), null);
                String foreign = foreignFootprint(loose.parsed(), key);
                return Outcome.of(foreign == null ? found : damaged(found, foreign));
            }
        }
        if (!lastLooseMissed) {
            lastLooseMissed = true;
        }
        // after the loose look: a miss may come from a recent listing (PackSet.lookup), a hit is confirmed
        PackSet.Found packed = packs.lookup(key);
        if (packed == null) {
            return looseSeen ? Outcome.UNUSABLE : Outcome.NOTHING;
        }
        Located found = new Located(null, null, null, packed);
        try {
            EntryFormat.Parsed parsed = packed.pack().entryAt(packed.offset());
            String foreign = foreignFootprint(parsed, key);
            return Outcome.of(foreign == null ? new Located(parsed, null, null, packed) : damaged(found, foreign));
        } catch (NewerFormatException e) {
            return Outcome.UNUSABLE; // a newer mppfc's record: not ours to judge
        } catch (CorruptEntryException e) {
            return Outcome.of(damaged(found, e.getMessage()));
        }
    }

    /**
     * Why an entry of a format before 4, which does not name its key, is another key's: its
     * arguments' footprint does not hash to the key (where this cache knows the function's keys
     * and the entry holds its footprint); null if nothing says so.
     */
    private String foreignFootprint(EntryFormat.Parsed parsed, CacheKey key) {
        if (parsed.version() >= 4 || keyOfFootprint == null || parsed.footprint().length == 0
                || keyOfFootprint.apply(parsed.footprint()).equals(key)) {
            return null;
        }
        return "its stored arguments hash to another key (copied onto this key's name?)";
    }

    /**
     * One {@code access(F_OK)}: {@code Files.exists} without options answers "not there" without
     * the exception that costs more than the lookup itself, and from the path's bytes as they are
     * ({@code java.io.File} converts the string again on every call).
     */
    static boolean looseFileExists(Path path) {
        return java.nio.file.Files.exists(path);
    }

    /**
     * The loose entry at {@code path}, or null if it is there but not usable (a missing file is
     * a {@link NoSuchFileException}). A hit does not look again at a level directory
     * this process has checked: read through a link planted in its place since, it can only
     * return bytes whoever planted the link could have planted in the cache itself, and those
     * pass only as a valid entry that names this key and function (docs/DESIGN.md, "A hit reads through its level directory"). What
     * changes anything (moving damage aside, the last-use time) checks the directory first.
     */
    private EntryFile.Loaded readChecked(Path path, CacheKey key) throws IOException {
        EntryFile.Loaded loaded;
        try {
            loaded = EntryFile.read(path, key, functionId);
        } catch (NoSuchFileException e) {
            throw e; // nothing there: the caller's to tell apart
        } catch (NewerFormatException e) {
            return null; // a newer mppfc's entry is a miss left where it is
        } catch (EntryTooLargeException e) {
            throw e;
        } catch (CorruptEntryException e) {
            return damaged(new Located(null, path, null, null), e.getMessage());
        } catch (IOException e) {
            return damaged(new Located(null, path, null, null), "unreadable: " + e);
        }
        // the first hit in a directory checks it (and warns about its permissions); strict permissions check every time
        return directories.seenBefore(key) || directories.readableFor(key, path.getParent()) ? loaded : null;
    }

    /**
     * A miss: a loose entry is moved aside, a packed one (in an immutable pack) is skipped with a
     * warning; in a read-only cache, an error that says where and why. A loose entry found
     * through a level directory that is not a real one is a miss, and only the link is moved
     * aside: nothing outside the cache is moved.
     */
    <T> T damaged(Located where, String reason) throws IOException {
        Path path = where.loose() != null ? where.loose() : where.packed().pack().path();
        if (where.loose() != null && !directories.readable(path.getParent())) {
            return null;
        }
        if (readOnly) {
            throw new IOException("the cache entry " + (where.loose() != null ? path : "of " + path) + " is damaged ("
                    + reason + "); mppfc verify moves damaged entries aside");
        }
        if (where.loose() != null) {
            Quarantine.move(directory, path, reason);
        } else {
            packs.damaged(path, reason);
        }
        return null;
    }

    /** Records a hit for eviction's sake (a read-only cache stays as it is). */
    void used(Located found) {
        if (readOnly) {
            return;
        }
        if (found.loose() != null) {
            markUsedThroughRealDirectory(found.loose(), found.modified());
        } else {
            packs.markUsed(found.packed());
        }
    }

    /**
     * The time is a write, and a hit does not check its level directory: so the directory is
     * checked when a time is due (at most once an hour per entry), and a link in its place is
     * moved aside instead of being written through.
     */
    private void markUsedThroughRealDirectory(Path loose, FileTime modified) {
        if (System.currentTimeMillis() - modified.toMillis() <= LastUse.USED_RESOLUTION_MILLIS) {
            return;
        }
        try {
            if (directories.readable(loose.getParent())) {
                LastUse.markUsed(loose, modified);
            }
        } catch (IOException e) {
            // not ours to write: eviction order is then by write time
        }
    }
}
