package io.mppfc.cache.pack;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.files.FileGate;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs of one function as this process sees them, newest first. A hit is answered only
 * from a listing confirmed current (one stat of the packs directory, and a new listing if it
 * changed): a pack made or replaced by another process is seen at the next lookup, and a packed
 * hit is never answered from a pack that a newer one has replaced. A listing made within
 * {@link #RACY} of the directory's last change is not trusted for that (file system timestamps
 * are coarser than the changes they date), so it is repeated until it is older than that. A miss
 * ({@link #lookup}) may be answered from a listing valid less than {@link #MISS_WINDOW} ago,
 * without a look at the directory: a pack published since is seen by lookups that start
 * {@code MISS_WINDOW} after it (one published by this JVM, at once), and {@code pack} keeps a loose file it packed that long after
 * publishing the pack ({@link #awaitMissWindow}), so no entry is missed because it moved from
 * its loose file into a pack (docs/DESIGN.md, "Misses from a recent listing").
 */
public final class PackSet {

    /**
     * The order in which packs answer for a key: the highest generation first, and within one the
     * newest; a fold and {@code pack} merge in it and keep the first record of each key, so that
     * what they write answers as the packs did.
     */
    public static final Comparator<Pack> NEWEST_FIRST =
            Comparator.comparingLong(Pack::generation).thenComparingLong(Pack::createdMillis).reversed();

    public static final String DIRECTORY = "packs";
    /** A pack's name; listings tell it by code ({@link PackNames#isName}), held to this by a test. */
    static final Pattern NAME = Pattern.compile("pack-([0-9a-f]{12})-[0-9a-f]{16}\\.mpk");
    private static final java.time.Duration RACY = java.time.Duration.ofMillis(100);
    /**
     * How long a listing answers misses without a look at the directory. Batch packs change it
     * every millisecond or two, so no listing is ever trusted by its timestamp: a miss checked
     * against a listing made now would list the directory again on every lookup.
     */
    public static final java.time.Duration MISS_WINDOW = java.time.Duration.ofMillis(10);
    private static final long MISS_WINDOW_NANOS = MISS_WINDOW.toNanos();
    /** Packs this JVM renamed into place ({@link PackWriter#finish}): a process sees its own at once. */
    private static final AtomicLong PUBLISHED_HERE = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(PackSet.class);

    /** A record found: in which pack, at which offset. */
    public record Found(Pack pack, long offset) {
    }

    /**
     * A listing and the directory's identity and time as an {@code lstat} just before it saw
     * them; {@code validAtNanos} ({@link System#nanoTime}) is when it was last known to hold every
     * pack there: the look before it was made, or before a later look found it current; and
     * {@code publishedHere} how many packs this JVM had published by then.
     */
    private record Listing(Object directoryKey, FileTime modified, Instant listedAt, long validAtNanos,
            long publishedHere, List<Pack> newestFirst) {

        static Listing none() {
            // valid long ago: the first lookup lists
            return new Listing(null, null, Instant.EPOCH, System.nanoTime() - 2 * MISS_WINDOW_NANOS, -1, List.of());
        }

        boolean current(BasicFileAttributes a) {
            if (a == null) {
                return directoryKey == null && modified == null;
            }
            return Objects.equals(directoryKey, a.fileKey()) && a.lastModifiedTime().equals(modified)
                    && listedAt.isAfter(modified.toInstant().plus(RACY));
        }

        boolean answersMissesAt(long nanos) {
            return nanos - validAtNanos < MISS_WINDOW_NANOS && publishedHere == PUBLISHED_HERE.get();
        }

        Listing validAt(long nanos, long published) {
            return nanos - validAtNanos <= 0 ? this
                    : new Listing(directoryKey, modified, listedAt, nanos, published, newestFirst);
        }
    }

    private final Path directory;
    private final Set<Path> warnedDamaged = ConcurrentHashMap.newKeySet();
    private final PackUse.Tables uses = new PackUse.Tables();
    private volatile Listing listing = Listing.none();

    public PackSet(Path functionDirectory) {
        this.directory = functionDirectory.resolve(DIRECTORY);
    }

    Path directory() {
        return directory;
    }

    /** Whether the last look at the packs directory found one (no file-system call). */
    public boolean seenAny() {
        return listing.directoryKey() != null;
    }

    /** The newest record of {@code key} in the packs as the directory holds them now, or null. */
    public Found find(CacheKey key) throws IOException {
        return newestIn(packs(), key);
    }

    /**
     * The newest record of {@code key} for a reader: as {@link #find}, except that a miss is
     * answered from the last listing, without a look at the directory, while that listing is
     * younger than {@link #MISS_WINDOW} and no pack was published by this JVM since (a process
     * reads its own writes at once, whichever cache instance made them). A miss is never a wrong value, only a computation that
     * may be done twice (as in any race with a writer); a hit from a listing that is not current
     * could be one (a newer pack holding an overwrite), so every hit is found again in a listing
     * confirmed current. The caller looks at the loose file first: a listing valid at most
     * {@code MISS_WINDOW} before that look shows the pack of any loose file {@code pack} removed
     * before it ({@link #awaitMissWindow}).
     *
     * @param key the key
     * @return its newest record, or null
     * @throws IOException if the directory cannot be listed
     */
    public Found lookup(CacheKey key) throws IOException {
        Listing seen = listing;
        if (seen.answersMissesAt(System.nanoTime()) && newestIn(seen.newestFirst(), key) == null) {
            return null;
        }
        return find(key);
    }

    /**
     * What {@code pack} does between publishing a pack and removing the loose files it holds:
     * waits out {@link #MISS_WINDOW} from the publication, so that a reader whose listing
     * predates the pack (and still answers its misses) cannot miss an entry that was loose when
     * that listing was made and is packed, not loose, when the reader looks for it.
     *
     * @param publishedNanos {@link System#nanoTime} right after the pack was renamed into place
     * @throws InterruptedIOException if interrupted while waiting
     */
    public static void awaitMissWindow(long publishedNanos) throws InterruptedIOException {
        long left = MISS_WINDOW_NANOS - (System.nanoTime() - publishedNanos);
        while (left > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted before the packed loose files were removed");
            }
            left = MISS_WINDOW_NANOS - (System.nanoTime() - publishedNanos);
        }
    }

    /** Called by {@link PackWriter#finish} once its pack is in place: no listing made before answers a miss. */
    static void publishedHere() {
        PUBLISHED_HERE.incrementAndGet();
    }

    private static Found newestIn(List<Pack> newestFirst, CacheKey key) {
        for (Pack pack : newestFirst) {
            long at = pack.find(key);
            if (at >= 0) {
                return new Found(pack, at);
            }
        }
        return null;
    }

    /**
     * Whether a pack holds a record of {@code key}, for presence only: answered from the last
     * listing when one of its packs holding it is still in place, else from a fresh listing (a
     * pack merged since is found in its successor; one removed by {@code clear} or {@code gc} is
     * not). A worker's batch changes the directory every
     * few milliseconds, which makes every listing racy: its DONE checks would each list again.
     *
     * @param key the key
     * @return whether a listed pack holds it
     * @throws IOException if the directory cannot be listed
     */
    public boolean holds(CacheKey key) throws IOException {
        return listedHolds(key) || find(key) != null;
    }

    /**
     * Whether a pack of the last listing holds a record of {@code key} and is still in place, for
     * presence only (as {@link #holds}), without a new listing.
     *
     * @param key the key
     * @return whether the last listing's packs hold it
     */
    public boolean listedHolds(CacheKey key) {
        return listedHolds(key, System.nanoTime());
    }

    /**
     * As {@link #listedHolds(CacheKey)}, where it is enough that the record was in place at some
     * instant at or after {@code sinceNanos}: a pack that an {@code lstat} begun since found in
     * place answers without another. A worker's DONEs come about fourteen to a read of its
     * pipe, most of them of the same batch pack; with the read's time as {@code sinceNanos}, the
     * first DONE's {@code lstat} confirms the pack for the rest, and each is still confirmed by a
     * look made after it was read, so no entry that {@code clear} or {@code gc} removed before
     * then is reported.
     *
     * @param key the key
     * @param sinceNanos {@link System#nanoTime} before which a look does not count
     * @return whether the last listing's packs hold it, in place at or after {@code sinceNanos}
     */
    public boolean listedHolds(CacheKey key, long sinceNanos) {
        Found found = newestIn(listing.newestFirst(), key);
        if (found == null) {
            return false;
        }
        Pack pack = found.pack();
        if (pack.seenInPlaceSince(sinceNanos)) {
            return true;
        }
        // a pack mapped at the listing may have been removed since (clear, gc, a fold, pack): its
        // name still there is what makes the record present (one lstat, not a listing)
        long lookedAt = System.nanoTime();
        try {
            if (FileGate.attributesOrNull(pack.path()) == null) {
                return false;
            }
        } catch (IOException e) {
            return false; // the caller lists again
        }
        pack.seenInPlace(lookedAt);
        return true;
    }

    /**
     * The packs as a listing made now, whatever the last one: what a writer checks once for a
     * whole batch, where each lookup would list again within the racy window.
     *
     * @return the packs, newest first
     * @throws IOException if the directory cannot be listed
     */
    public List<Pack> packsNow() throws IOException {
        return packs(true);
    }

    /** The packs, newest first, as the directory holds them now. */
    public List<Pack> packs() throws IOException {
        return packs(false);
    }

    private List<Pack> packs(boolean listNow) throws IOException {
        Listing seen = listing;
        long published = PUBLISHED_HERE.get();
        long lookedAt = System.nanoTime();
        BasicFileAttributes a;
        if (seen.directoryKey() == null && !new java.io.File(directory.toString()).exists()) {
            a = null; // no packs yet: found without the exception a missing path costs
        } else {
            a = attributes(directory);
        }
        if (!listNow && seen.current(a)) {
            // unlocked: overwriting a newer listing only makes the next miss look sooner
            listing = seen.validAt(lookedAt, published);
            return seen.newestFirst();
        }
        synchronized (this) {
            // another thread's listing serves if it began after this look, or is current by it
            Listing latest = listing;
            if (latest.validAtNanos() - lookedAt >= 0 || !listNow && latest.current(a)) {
                return latest.newestFirst();
            }
            Listing fresh = null;
            for (int attempt = 1; fresh == null; attempt++) {
                Instant listedAt = Instant.now();
                if (a == null || !a.isDirectory()) {
                    fresh = new Listing(a == null ? null : a.fileKey(), a == null ? null : a.lastModifiedTime(), listedAt,
                            lookedAt, published, List.of());
                    continue;
                }
                // a listed pack gone before it was opened was replaced by one this listing may not show:
                // list again (a few times; then what is there, and the next lookup lists once more)
                List<Pack> opened = open(a, latest.newestFirst(), attempt == 5);
                if (opened != null) {
                    fresh = new Listing(a.fileKey(), a.lastModifiedTime(), listedAt, lookedAt, published, opened);
                } else {
                    published = PUBLISHED_HERE.get();
                    lookedAt = System.nanoTime();
                    a = attributes(directory);
                }
            }
            listing = fresh;
            return fresh.newestFirst();
        }
    }

    /** The packs listed now, opened; null if one vanished between the listing and its opening (unless skipping those). */
    private List<Pack> open(BasicFileAttributes seen, List<Pack> known, boolean skipVanished) throws IOException {
        Map<Path, Pack> byPath = new HashMap<>();
        for (Pack p : known) {
            byPath.put(p.path(), p);
        }
        List<Pack> packs = new ArrayList<>();
        for (Path path : io.mppfc.files.Listing.list(directory, seen, PackNames::isName)) {
            Pack pack = byPath.get(path);
            if (pack == null) {
                try {
                    pack = Pack.open(path);
                } catch (NoSuchFileException e) {
                    if (skipVanished) {
                        continue;
                    }
                    return null;
                } catch (NewerFormatException e) {
                    continue; // a newer mppfc's pack: what it holds is a miss here, and it stays
                } catch (CorruptEntryException e) {
                    damaged(path, e.getMessage());
                    continue;
                }
            }
            packs.add(pack);
        }
        // within a generation the newest pack comes first: a worker's DONEs name keys of the batch
        // pack it published last, found there by the first search; and of two records of one key
        // (two writers), the newer one is read, as folds and pack keep it
        packs.sort(NEWEST_FIRST);
        return List.copyOf(packs);
    }

    /** The pack files of a packs directory (never through a link), in name order. */
    public static List<Path> list(Path packsDirectory) throws IOException {
        return io.mppfc.files.Listing.list(packsDirectory, PackNames::isName);
    }

    public static long generation(Path pack) {
        String name = pack.getFileName().toString();
        int at = PackNames.GENERATION_AT;
        return PackNames.isName(name) ? Long.parseLong(name, at, at + 12, 16) : -1;
    }

    /**
     * A hit on a packed record marks it used for {@code mppfc gc}, as a hit on a loose file does:
     * in its pack's {@link PackUse} table; a pack without one is marked whole, checked at most
     * once an hour per pack and process, so packed hits cost no file-system call for it.
     */
    public void markUsed(Found found) {
        if (uses.markUsed(found.pack(), found.offset())) {
            return;
        }
        Pack pack = found.pack();
        long now = System.currentTimeMillis();
        if (now - pack.usedMarkedAt() > LastUse.USED_RESOLUTION_MILLIS) {
            pack.usedMarkedAt(now);
            try {
                LastUse.markUsed(pack.path(), FileGate.modified(pack.path()));
            } catch (IOException e) {
                // replaced by a newer pack meanwhile
            }
        }
    }

    /** A damaged pack or record is skipped (a miss), with one warning: mppfc verify salvages what is intact. */
    public void damaged(Path pack, String reason) {
        if (warnedDamaged.add(pack)) {
            LOG.warn("cache pack {} is damaged ({}); what it holds is treated as missing; mppfc verify keeps "
                    + "its intact records and moves the rest aside", ShownText.line(pack), ShownText.line(reason));
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return FileGate.attributesOrNull(path);
    }
}
