package io.mppfc.cache.maintenance;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code mppfc gc}: least recently used eviction bounded by disk space, then packing. */
final class Collector {

    private static final Duration STALE_TEMP = Duration.ofHours(1);

    /** What can be evicted on its own: a loose entry file, or a whole pack. */
    private record Unit(Path path, long entries, long diskBytes, Instant modified) {
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
        List<Path> functions = CacheInventory.functionDirectories(root);
        List<Unit> units = new ArrayList<>();
        java.util.Map<Path, Integer> perDirectory = new java.util.HashMap<>();
        long staleTemps = 0;
        long total = 0;
        for (Path function : functions) {
            for (CacheInventory.Entry e : CacheInventory.entries(function)) {
                units.add(new Unit(e.path(), 1, DiskUsage.roundUp(e.size(), block), e.modified()));
                perDirectory.merge(e.path().getParent(), 1, Integer::sum);
            }
            for (Pack pack : new PackSet(function).packs()) {
                units.add(new Unit(pack.path(), pack.count(), DiskUsage.roundUp(Files.size(pack.path()), block),
                        Files.getLastModifiedTime(pack.path(), LinkOption.NOFOLLOW_LINKS).toInstant()));
            }
            staleTemps += removeStaleTemps(function);
            total += DiskUsage.of(function);
        }
        units.sort(Comparator.comparing(Unit::modified));
        Instant cutoff = olderThan == null ? null : Instant.now().minus(olderThan);
        long evicted = 0;
        long freed = 0;
        long skipped = 0;
        long scanned = 0;
        for (Unit u : units) {
            scanned += u.entries();
        }
        for (Unit u : units) {
            boolean tooBig = maxBytes >= 0 && total > maxBytes;
            boolean tooOld = cutoff != null && u.modified().isBefore(cutoff);
            if (!tooBig && !tooOld) {
                break;
            }
            try {
                Instant now = Files.getLastModifiedTime(u.path(), LinkOption.NOFOLLOW_LINKS).toInstant();
                if (!now.equals(u.modified())) {
                    skipped += u.entries(); // used or rewritten since the scan: no longer the least recent
                    continue;
                }
                Files.delete(u.path());
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
        long packed = 0;
        long after = 0;
        for (Path function : functions) {
            Packer.removeEmptyDirectories(function);
            packed += Packer.pack(function).removedLoose();
            after += DiskUsage.of(function);
        }
        return new CacheInventory.GcResult(scanned, evicted, freed, skipped, staleTemps, packed, after);
    }

    /** Temp files of writers (and packers) that died before their rename. */
    private static long removeStaleTemps(Path function) throws IOException {
        long removed = 0;
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        List<Path> directories = new ArrayList<>(CacheInventory.entryDirectories(function));
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
