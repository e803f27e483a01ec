package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code mppfc gc}: least recently used eviction bounded by disk space, then packing. A size
 * bound is judged on the packed cache (loose entries are packed first: each takes a block loose
 * and its own bytes packed, so judging them loose evicted results that fit once packed). Loose
 * entries and packed records are evicted one by one, by their own time of last use (a time in
 * the future counts as now); only a pack without a {@link PackUse} table is evicted whole.
 */
final class Collector {

    private static final Duration STALE_TEMP = Duration.ofHours(1);
    /** A function's small records of itself: what an emptied function still holds besides its directories. */
    private static final List<String> RECORDS = List.of(io.mppfc.cache.CacheLayout.FILE,
            io.mppfc.cache.CodeVersions.LAST_USED, io.mppfc.cache.VersionInUse.FILE);

    /**
     * What can be evicted on its own: a loose entry file, a record of a pack that has a
     * {@link PackUse} table (left out when the pack is rewritten), or a whole pack that has none.
     * {@code used} is its time of last use as found; {@code modified}, the same no later than now.
     */
    private record Unit(Path path, Path function, CacheKey packedKey, long packOffset, PackUse table, long entries,
            long diskBytes, Instant used, Instant modified) {
    }

    private Collector() {
    }

    static CacheInventory.GcResult collect(Path root, long maxBytes, Duration olderThan) throws IOException {
        return MaintenanceLock.holding(root, "collect", () -> collectHolding(root, maxBytes, olderThan));
    }

    private static CacheInventory.GcResult collectHolding(Path root, long maxBytes, Duration olderThan)
            throws IOException {
        long block = DiskUsage.blockSize(root);
        long directoryBlock = DiskUsage.directoriesTakeBlocks(root) ? block : 0; // as DiskUsage counts them
        FunctionClearing.removeAllLeftovers(root); // of an interrupted mppfc clear or gc
        List<Path> functions = CacheInventory.functionDirectories(root);
        long packedFirst = 0;
        if (maxBytes >= 0) {
            for (Path function : functions) {
                packedFirst += Packer.pack(function, java.util.Set.of()).removedLoose();
                Packer.removeEmptyDirectories(function);
            }
        }
        List<Unit> units = new ArrayList<>();
        java.util.Map<Path, Integer> perDirectory = new java.util.HashMap<>();
        long staleTemps = 0;
        long total = 0;
        long reclaimable = 0; // what evicting every unit would free
        long bookkeeping = 0; // what the cache keeps for itself however much is evicted

        Instant now = Instant.now();
        for (Path function : functions) {
            for (CacheInventory.Entry e : CacheInventory.entries(function)) {
                units.add(new Unit(e.path(), function, null, -1, null, 1, DiskUsage.roundUp(e.size(), block),
                        e.modified(), LastUse.clamped(e.modified(), now)));
                reclaimable += DiskUsage.roundUp(e.size(), block);
                perDirectory.merge(e.path().getParent(), 1, Integer::sum);
            }
            for (Pack pack : new PackSet(function).packs()) {
                reclaimable += addPack(units, function, pack, block, now);
            }
            staleTemps += removeStaleTemps(function);
            total += DiskUsage.of(function);
            bookkeeping += bookkeeping(function, block);
        }
        units.sort(Comparator.comparing(Unit::modified));
        // what no eviction frees and is not the cache's own (a damaged or planted file, the quarantine, failure
        // records): when it alone exceeds the bound, evicting results would lose them all and still leave the
        // cache over it. The cache's own bookkeeping is no such reason: a bound below it (--max-size 0) evicts all.
        long foreign = Math.max(0, total - reclaimable - bookkeeping);
        long outOfReach = maxBytes >= 0 && foreign > maxBytes ? foreign : 0;
        Instant cutoff = olderThan == null ? null : now.minus(olderThan);
        long evicted = 0;
        long freed = 0;
        long skipped = 0;
        long scanned = 0;
        for (Unit u : units) {
            scanned += u.entries();
        }
        java.util.Map<Path, java.util.Set<CacheKey>> evictedPacked = new java.util.HashMap<>();
        for (Unit u : units) {
            boolean tooBig = maxBytes >= 0 && outOfReach == 0 && total > maxBytes;
            boolean tooOld = cutoff != null && u.modified().isBefore(cutoff);
            if (!tooBig && !tooOld) {
                break;
            }
            try {
                if (!usedAt(u).equals(u.used())) {
                    skipped += u.entries(); // used or rewritten since the scan: no longer the least recent
                    continue;
                }
                if (u.packedKey() != null) {
                    // left out when its pack is rewritten below; what that frees is the record's share of the pack
                    evictedPacked.computeIfAbsent(u.function(), f -> new java.util.HashSet<>()).add(u.packedKey());
                    evicted++;
                    freed += u.diskBytes();
                    total -= u.diskBytes();
                    continue;
                }
                if (!FileGate.deleteFile(u.path())) {
                    total -= u.diskBytes(); // gone meanwhile
                    continue;
                }
                evicted += u.entries();
                long unitFreed = u.diskBytes();
                Integer left = perDirectory.computeIfPresent(u.path().getParent(), (d, n) -> n - 1);
                if (left != null && left == 0) {
                    unitFreed += directoryBlock; // its directory is emptied, and removed below
                }
                freed += unitFreed;
                total -= unitFreed;
            } catch (NoSuchFileException x) {
                total -= u.diskBytes();
            }
        }
        long packed = packedFirst;
        long after = 0;
        for (Path function : functions) {
            Packer.removeEmptyDirectories(function);
            packed += Packer.pack(function, evictedPacked.getOrDefault(function, java.util.Set.of())).removedLoose();
            after += DiskUsage.of(function);
        }
        long belowBookkeeping = maxBytes >= 0 && outOfReach == 0 && after > maxBytes && total - reclaimable > maxBytes
                ? after : 0;
        return new CacheInventory.GcResult(scanned, evicted, freed, skipped, staleTemps, packed, after, outOfReach,
                belowBookkeeping);
    }

    /**
     * What a function keeps for itself: its directories, and its records of layout and use (at most a
     * block each: a big file planted under such a name is no record of mppfc's).
     */
    private static long bookkeeping(Path function, long block) throws IOException {
        long bytes = DiskUsage.ofDirectories(function);
        for (String name : RECORDS) {
            bytes += Math.min(sizeOf(function.resolve(name), block), block);
        }
        return bytes;
    }

    /**
     * A pack's records, each with its own time of last use; or the pack whole, if it has no table of them.
     * Returns what evicting all of them frees: the pack and its table.
     */
    private static long addPack(List<Unit> units, Path function, Pack pack, long block, Instant now) throws IOException {
        PackUse table = PackUse.open(pack, false);
        if (table == null) {
            BasicFileAttributes a = FileGate.regularFile(pack.path()); // its own size and time, never a link's target
            Instant modified = a.lastModifiedTime().toInstant();
            units.add(new Unit(pack.path(), function, null, -1, null, pack.count(),
                    DiskUsage.roundUp(a.size(), block), modified, LastUse.clamped(modified, now)));
            return DiskUsage.roundUp(a.size(), block);
        }
        long packTime = PackUse.packTime(pack);
        for (long at : pack.recordOffsets()) {
            Instant used = Instant.ofEpochMilli(PackUse.lastUsed(table, at, packTime));
            units.add(new Unit(pack.path(), function, pack.keyAt(at), at, table, 1, Pack.KEY + pack.entryLength(at), used,
                    LastUse.clamped(used, now)));
        }
        return sizeOf(pack.path(), block) + sizeOf(PackUse.of(pack.path()), block);
    }

    private static long sizeOf(Path file, long block) throws IOException {
        BasicFileAttributes a = FileGate.attributesOrNull(file);
        return a == null || !a.isRegularFile() ? 0 : DiskUsage.roundUp(a.size(), block);
    }

    /** A unit's time of last use now. */
    private static Instant usedAt(Unit u) throws IOException {
        if (u.packedKey() != null) {
            long t = u.table().lastUsed(u.packOffset());
            return t >= 0 ? Instant.ofEpochMilli(t) : u.used();
        }
        return Files.getLastModifiedTime(u.path(), LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    /** Temp files of writers (and packers) that died before their rename. */
    private static long removeStaleTemps(Path function) throws IOException {
        long removed = 0;
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        List<Path> directories = new ArrayList<>(EntryListing.entryDirectories(function));
        directories.add(function);
        for (Path directory : directories) {
            try (var temps = Files.newDirectoryStream(directory, DiskCache.TEMP_PREFIX + "*")) {
                for (Path temp : temps) {
                    try {
                        if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                            if (FileGate.deleteFile(temp)) {
                                removed++;
                            }
                        }
                    } catch (NoSuchFileException e) {
                        // renamed into place meanwhile
                    } catch (RefusedFileException e) {
                        // a directory under a temp name: no writer of mppfc made it, so it stays
                    }
                }
            } catch (NoSuchFileException e) {
                // removed meanwhile
            }
        }
        return removed;
    }
}
