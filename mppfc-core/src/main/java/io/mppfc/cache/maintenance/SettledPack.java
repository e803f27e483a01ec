package io.mppfc.cache.maintenance;

import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * With a grace period (a network file system), what the packer may remove before it writes: the
 * newest pack every host has had the grace period to see holds everything the packs before it
 * held, so those packs, and the loose files it holds byte for byte, can go.
 */
final class SettledPack {

    private SettledPack() {
    }

    /** The newest pack every host has had the grace period to see (it holds everything older packs did), or null. */
    static Pack of(List<Pack> newestFirst, long graceMillis) {
        long cutoff = System.currentTimeMillis() - graceMillis;
        for (Pack p : newestFirst) {
            // a batch pack merged no one's records: it never stands for older packs
            if (p.generation() != BatchPacks.GENERATION && p.createdMillis() <= cutoff) {
                return p;
            }
        }
        return null;
    }

    /**
     * Deletes the packs of lower generations, and takes them out of {@code intact}: the settled
     * one merged all of them when it was written. A batch pack may have been written after it, so
     * it goes only if the settled pack holds every key it does.
     *
     * @return how many were deleted
     */
    static int deleteOlderThan(List<Pack> intact, Pack settled) throws IOException {
        int deleted = 0;
        for (Iterator<Pack> it = intact.iterator(); it.hasNext();) {
            Pack p = it.next();
            boolean merged = p.generation() == BatchPacks.GENERATION ? holdsAll(settled, p)
                    : p.generation() < settled.generation();
            if (merged) {
                FileGate.deleteFile(p.path());
                PackUse.delete(p.path());
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    private static boolean holdsAll(Pack settled, Pack batch) {
        for (long at : batch.recordOffsets()) {
            if (settled.find(batch.keyAt(at)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Removes the loose files whose entry the settled pack holds byte for byte (not those
     * rewritten since), and takes them out of {@code loose}.
     *
     * @return how many were removed
     */
    static long removeLoose(List<CacheInventory.Entry> loose, Pack settled) throws IOException {
        long removed = 0;
        for (Iterator<CacheInventory.Entry> it = loose.iterator(); it.hasNext();) {
            CacheInventory.Entry e = it.next();
            long at = settled.find(e.key());
            if (at < 0) {
                continue;
            }
            try {
                Object fileKey = Files.readAttributes(e.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey();
                if (Arrays.equals(PackedLoose.packedBytes(PackedLoose.read(e)), settled.entryBytes(at))
                        && new PackedLoose(e.path(), fileKey).removeIfUnchanged()) {
                    removed++;
                    it.remove();
                }
            } catch (NoSuchFileException | CorruptEntryException gone) {
                // removed meanwhile, or damaged (packing quarantines it)
            }
        }
        return removed;
    }
}
