package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CacheLayout;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.maintenance.CacheInventory.Entry;
import io.mppfc.cache.maintenance.CacheInventory.FunctionSummary;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.files.Listing;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The functions of a cache and the entries of each, loose and packed, as the files show them (no
 * codec, no classes of the user's), and what they sum up to; {@link CacheInventory} is the door
 * to them and says what each returns.
 */
final class EntryListing {

    /** Listings of a function's packs taken while packs are replaced between a listing and its reading. */
    private static final int LISTINGS = 5;

    private static final Pattern DIRECTORY = Pattern.compile("[0-9a-f]{3}");
    private static final Pattern FILE = Pattern.compile("[0-9a-f]{64}");

    private EntryListing() {
    }

    static List<Path> functionDirectories(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (!child.getFileName().toString().startsWith(".") && CacheMarker.isFunctionDirectory(child)) {
                    dirs.add(child);
                }
            }
        }
        dirs.sort(Comparator.comparing(Path::toString));
        return dirs;
    }

    static List<Entry> entries(Path functionDirectory) throws IOException {
        CacheLayout.check(functionDirectory, true);
        List<Entry> entries = new ArrayList<>();
        for (Path directory : Listing.list(functionDirectory, DIRECTORY)) {
            for (Path file : Listing.list(directory, FILE)) {
                String name = file.getFileName().toString();
                if (!name.startsWith(directory.getFileName().toString())) {
                    continue; // not where its key puts it: never read
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    entries.add(new Entry(file, CacheKey.ofHex(name), a.size(), a.lastModifiedTime().toInstant(), -1));
                } catch (NoSuchFileException e) {
                    // evicted or quarantined meanwhile
                }
            }
        }
        return entries;
    }

    /** The entry directories of a function (real directories only, never a link). */
    static List<Path> entryDirectories(Path functionDirectory) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path dir : Listing.list(functionDirectory, DIRECTORY)) {
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                found.add(dir);
            }
        }
        return found;
    }

    static long count(Path functionDirectory) throws IOException {
        Set<CacheKey> loose = new HashSet<>();
        for (Entry e : entries(functionDirectory)) {
            loose.add(e.key());
        }
        long[] packed = {0};
        forEachPacked(functionDirectory, loose, (pack, at, key, modified) -> packed[0]++);
        return loose.size() + packed[0];
    }

    static List<Entry> packedEntries(Path functionDirectory) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Set<CacheKey> loose = new HashSet<>();
        for (Entry e : entries(functionDirectory)) {
            loose.add(e.key());
        }
        forEachPacked(functionDirectory, loose, (pack, at, key, modified) -> {
            entries.add(new Entry(pack.path(), key, pack.entryLength(at), modified, at));
        });
        return entries;
    }

    private interface PackedVisitor {
        void visit(Pack pack, long at, CacheKey key, Instant packModified) throws IOException;
    }

    /** Visits each packed record that is read from its pack; damaged packs are skipped (verify reports them). */
    private static void forEachPacked(Path functionDirectory, Set<CacheKey> loose, PackedVisitor visitor)
            throws IOException {
        List<Pack> packs = null;
        long[] packTimes = null;
        for (int attempt = 0; packTimes == null; attempt++) {
            packs = new PackSet(functionDirectory).packs();
            packTimes = packTimes(packs, attempt == LISTINGS - 1);
        }
        List<Pack> newer = new ArrayList<>();
        for (int i = 0; i < packs.size(); i++) {
            Pack pack = packs.get(i);
            PackUse uses = PackUse.open(pack, false);
            long packTime = packTimes[i];
            for (long at : pack.recordOffsets()) {
                CacheKey key = pack.keyAt(at);
                if (!loose.contains(key) && newer.stream().noneMatch(p -> p.find(key) >= 0)) {
                    visitor.visit(pack, at, key, Instant.ofEpochMilli(PackUse.lastUsed(uses, at, packTime)));
                }
            }
            newer.add(pack);
        }
    }

    /**
     * Each pack's file time (the last use of records its table does not name); null if a pack was
     * replaced since it was listed and opened (a worker folds its batch packs every few
     * milliseconds during a prewarm), so the caller lists again; on the last listing, a pack gone
     * meanwhile counts from when it was written: what it held is the same in the pack that replaced it.
     */
    private static long[] packTimes(List<Pack> packs, boolean last) throws IOException {
        long[] times = new long[packs.size()];
        for (int p = 0; p < times.length; p++) {
            try {
                times[p] = PackUse.packTime(packs.get(p));
            } catch (NoSuchFileException gone) {
                if (!last) {
                    return null;
                }
                times[p] = packs.get(p).createdMillis();
            }
        }
        return times;
    }

    static FunctionSummary summarize(Path functionDirectory) throws IOException {
        List<Entry> loose = entries(functionDirectory);
        long[] bytes = {0};
        long[] packed = {0};
        long[] nanos = {0};
        Instant[] range = {null, null};
        Set<CacheKey> looseKeys = new HashSet<>();
        java.util.concurrent.atomic.AtomicLong looseNanos = new java.util.concurrent.atomic.AtomicLong();
        InParallel.forEach(loose, e -> looseNanos.addAndGet(EntryDetails.looseComputeTime(e.path()).toNanos()));
        nanos[0] = looseNanos.get();
        for (Entry e : loose) {
            looseKeys.add(e.key());
            bytes[0] += e.size();
            widen(range, e.modified());
        }
        forEachPacked(functionDirectory, looseKeys, (pack, at, key, modified) -> {
            packed[0]++;
            bytes[0] += pack.entryLength(at);
            nanos[0] += pack.computeNanosAt(at);
            widen(range, modified);
        });
        return new FunctionSummary(functionDirectory.getFileName().toString(), functionDirectory, loose.size(), packed[0],
                bytes[0], DiskUsage.of(functionDirectory), Duration.ofNanos(nanos[0]), Quarantine.count(functionDirectory),
                range[0], range[1]);
    }

    private static void widen(Instant[] range, Instant t) {
        range[0] = range[0] == null || t.isBefore(range[0]) ? t : range[0];
        range[1] = range[1] == null || t.isAfter(range[1]) ? t : range[1];
    }
}
