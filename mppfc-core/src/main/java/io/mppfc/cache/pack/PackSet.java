package io.mppfc.cache.pack;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.files.FileGate;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs of one function as this process sees them, newest first. Before every answer it
 * checks (one stat) that the packs directory has not changed since it was listed, and lists it
 * again if it has: a pack made or replaced by another process is seen at the next lookup, and a
 * packed hit is never answered from a pack that a newer one has replaced. A listing made within
 * {@link #RACY} of the directory's last change is not trusted (file system timestamps are
 * coarser than the changes they date), so it is repeated until it is older than that.
 */
public final class PackSet {

    public static final String DIRECTORY = "packs";
    static final Pattern NAME = Pattern.compile("pack-([0-9a-f]{12})-[0-9a-f]{16}\\.mpk");
    private static final java.time.Duration RACY = java.time.Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(PackSet.class);

    /** A record found: in which pack, at which offset. */
    public record Found(Pack pack, long offset) {
    }

    private record Listing(Object directoryKey, FileTime modified, Instant listedAt, List<Pack> newestFirst) {

        static final Listing NONE = new Listing(null, null, Instant.EPOCH, List.of());

        boolean current(BasicFileAttributes a) {
            if (a == null) {
                return directoryKey == null && modified == null;
            }
            return Objects.equals(directoryKey, a.fileKey()) && a.lastModifiedTime().equals(modified)
                    && listedAt.isAfter(modified.toInstant().plus(RACY));
        }
    }

    private final Path directory;
    private final Set<Path> warnedDamaged = ConcurrentHashMap.newKeySet();
    private final PackUse.Tables uses = new PackUse.Tables();
    private volatile Listing listing = Listing.NONE;

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

    /** The newest record of {@code key}, or null. */
    public Found find(CacheKey key) throws IOException {
        for (Pack pack : packs()) {
            long at = pack.find(key);
            if (at >= 0) {
                return new Found(pack, at);
            }
        }
        return null;
    }

    /**
     * Whether a pack holds a record of {@code key}, for presence only: answered from the last
     * listing when it holds one (a pack replaced since was merged into its successor, so the
     * entry is still there), else from a fresh one. A worker's batch changes the directory every
     * few milliseconds, which makes every listing racy: its DONE checks would each list again.
     *
     * @param key the key
     * @return whether a listed pack holds it
     * @throws IOException if the directory cannot be listed
     */
    public boolean holds(CacheKey key) throws IOException {
        for (Pack pack : listing.newestFirst()) {
            if (pack.find(key) >= 0) {
                return true;
            }
        }
        return find(key) != null;
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
        if (seen.directoryKey() == null && !new java.io.File(directory.toString()).exists()) {
            return List.of(); // no packs yet: answered without the exception a missing path costs
        }
        BasicFileAttributes a = attributes(directory);
        if (!listNow && seen.current(a)) {
            return seen.newestFirst();
        }
        synchronized (this) {
            seen = listing;
            a = attributes(directory);
            if (!listNow && seen.current(a)) {
                return seen.newestFirst();
            }
            Listing fresh = null;
            for (int attempt = 1; fresh == null; attempt++) {
                Instant listedAt = Instant.now();
                if (a == null || !a.isDirectory()) {
                    fresh = new Listing(a == null ? null : a.fileKey(), a == null ? null : a.lastModifiedTime(), listedAt,
                            List.of());
                    continue;
                }
                // a listed pack gone before it was opened was replaced by one this listing may not show:
                // list again (a few times; then what is there, and the next lookup lists once more)
                List<Pack> opened = open(seen.newestFirst(), attempt == 5);
                if (opened != null) {
                    fresh = new Listing(a.fileKey(), a.lastModifiedTime(), listedAt, opened);
                } else {
                    a = attributes(directory);
                }
            }
            listing = fresh;
            return fresh.newestFirst();
        }
    }

    /** The packs listed now, opened; null if one vanished between the listing and its opening (unless skipping those). */
    private List<Pack> open(List<Pack> known, boolean skipVanished) throws IOException {
        Map<Path, Pack> byPath = new HashMap<>();
        for (Pack p : known) {
            byPath.put(p.path(), p);
        }
        List<Pack> packs = new ArrayList<>();
        for (Path path : list(directory)) {
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
        packs.sort(Comparator.comparingLong(Pack::generation).reversed());
        return List.copyOf(packs);
    }

    /** The pack files of a packs directory (never through a link), in name order. */
    public static List<Path> list(Path packsDirectory) throws IOException {
        return io.mppfc.files.Listing.list(packsDirectory, NAME);
    }

    public static long generation(Path pack) {
        Matcher m = NAME.matcher(pack.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1), 16) : -1;
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
                    + "its intact records and moves the rest aside", pack, reason);
        }
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
        return FileGate.attributesOrNull(path);
    }
}
