package io.mppfc.cache.maintenance;

import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Keeps the number of batch packs bounded without anyone running a command, as an LSM tree's
 * compaction does: a writer that publishes a batch and sees more than {@link #MOST} batch packs
 * merges those of one size tier (tier = log16 of the size in 4 KiB blocks) into one batch pack,
 * which lands in a higher tier, so each record is copied once per tier it climbs: O(n log n) in
 * all. Under the {@link MaintenanceLock}, taken without waiting: if {@code pack} or {@code gc}
 * hold it, they merge the batch packs themselves. The new pack is in place before the merged
 * ones are removed, so every reader finds each entry in one or the other; a fold killed midway
 * leaves a temp file, which the next {@code pack} removes.
 */
public final class BatchFold {

    /** More batch packs than this make a writer fold: every lookup's miss looks into each. */
    public static final int MOST = 16;
    /** Packs of one tier merged at once, if a tier has that many. */
    static final int TIER_WIDTH = 4;
    /**
     * Sources older than this may be on disk already (Linux writes dirty pages back after 30 s):
     * folding them without an fsync could lose what a power cut would have spared, so it syncs.
     */
    static final long WRITTEN_BACK_MILLIS = 30_000;

    private BatchFold() {
    }

    /**
     * Folds one tier of the function's batch packs if there are more than {@link #MOST} and no
     * maintenance runs.
     *
     * @param function the function's directory
     * @param durable whether the cache fsyncs every write
     * @param tempTag the folding writer's temp tag, or "" for none: the fold's temp file carries it,
     *     so that the temp files of a worker killed mid-fold are removed with its others
     * @return how many batch packs were merged (0 if none were)
     * @throws IOException if the packs cannot be read or written
     */
    public static int foldIfMany(Path function, boolean durable, String tempTag) throws IOException {
        Path packs = function.resolve(PackSet.DIRECTORY);
        List<Path> listed = batchPacks(packs);
        if (listed.size() <= MOST) {
            return 0;
        }
        // the listing made before the lock serves: a pack merged away meanwhile (by a fold that held
        // the lock before) is skipped when it cannot be opened, and one published since waits for the next fold
        Integer folded = MaintenanceLock.ifFree(function.getParent(),
                () -> fold(packs, listed, durable, (tempTag.isEmpty() ? "" : tempTag + "-") + "fold-"));
        return folded == null ? 0 : folded;
    }

    private static List<Path> batchPacks(Path packs) throws IOException {
        List<Path> batches = new ArrayList<>();
        for (Path p : PackSet.list(packs)) {
            if (PackSet.generation(p) == BatchPacks.GENERATION) {
                batches.add(p);
            }
        }
        return batches;
    }

    /**
     * Packs are sorted into tiers by their size alone (an {@code lstat} each), and only the chosen
     * tier's are opened: opening a pack checks its whole index, and the largest batch packs, which
     * a fold of the small ones leaves alone, held most of a writer's CPU when every fold opened
     * them all.
     */
    private static int fold(Path packs, List<Path> listed, boolean durable, String tempName) throws IOException {
        TreeMap<Integer, List<Path>> tiers = new TreeMap<>();
        for (Path path : listed) {
            BasicFileAttributes a = FileGate.attributesOrNull(path);
            if (a != null) {
                tiers.computeIfAbsent(tier(a.size()), t -> new ArrayList<>()).add(path);
            }
        }
        List<Path> chosen = List.of();
        for (List<Path> tier : tiers.values()) {
            if (tier.size() >= TIER_WIDTH) {
                chosen = tier; // the lowest full tier: cheapest to copy
                break;
            }
            if (tier.size() > chosen.size()) {
                chosen = tier;
            }
        }
        List<Pack> merging = new ArrayList<>();
        for (Path path : chosen) {
            try {
                merging.add(Pack.open(path));
            } catch (NoSuchFileException | CorruptEntryException goneOrDamaged) {
                // damaged: left for verify, which keeps its intact records
            }
        }
        merging.sort(PackSet.NEWEST_FIRST); // of two records of a key, the one readers got is kept
        while (true) {
            if (merging.size() < 2) {
                return 0;
            }
            Pack damaged = merge(packs, merging, durable || anyOlderThan(merging, WRITTEN_BACK_MILLIS), tempName);
            if (damaged == null) {
                break;
            }
            merging.remove(damaged); // left for verify, which keeps its intact records
        }
        for (Pack merged : merging) {
            FileGate.deleteFile(merged.path());
            PackUse.delete(merged.path());
        }
        return merging.size();
    }

    static int tier(long size) {
        long blocks = Math.max(1, size >>> 12);
        return (63 - Long.numberOfLeadingZeros(blocks)) / 4;
    }

    private static boolean anyOlderThan(List<Pack> packs, long millis) {
        long cutoff = System.currentTimeMillis() - millis;
        for (Pack p : packs) {
            if (p.createdMillis() < cutoff) {
                return true;
            }
        }
        return false;
    }

    /**
     * One batch pack of every record of {@code sources} (one per key), with each record's last
     * use; or, written nothing, the source with a record that runs outside its pack.
     */
    private static Pack merge(Path packs, List<Pack> sources, boolean sync, String tempName) throws IOException {
        int total = 0;
        for (Pack p : sources) {
            total += p.count();
        }
        Copied copied = new Copied(total);
        FoldedKeys seen = new FoldedKeys(total);
        long now = System.currentTimeMillis();
        try (PackWriter writer = new PackWriter(packs, BatchPacks.GENERATION, sync, tempName)) {
            for (Pack source : sources) {
                if (!copy(source, seen, writer, copied, now)) {
                    return source;
                }
            }
            Path folded = writer.finish();
            PackUse.write(folded, copied.offsets, copied.times, copied.n, tempName);
        }
        return null;
    }

    /** The records copied so far: where each is in the merged pack and when it was last used; and a reused buffer. */
    private static final class Copied {
        final long[] offsets;
        final long[] times;
        int n;
        byte[] record = new byte[1 << 12];

        Copied(int total) {
            offsets = new long[total];
            times = new long[total];
        }
    }

    /**
     * Copies the records of one source that no source before it held; false, having copied
     * some, if one runs outside its pack. The loop is a method of its own: the fold's whole
     * was compiled once for its loop alone (on-stack replacement) and once more when it was
     * called often enough, each time with everything it inlines.
     */
    private static boolean copy(Pack source, FoldedKeys seen, PackWriter writer, Copied copied, long now)
            throws IOException {
        PackUse uses = PackUse.open(source, false);
        long packTime = PackUse.packTime(source);
        long[] inFileOrder = source.recordOffsets();
        java.util.Arrays.sort(inFileOrder);
        long[] used = PackUse.lastUsedInFileOrder(uses, inFileOrder, packTime);
        for (int r = 0; r < inFileOrder.length; r++) {
            long at = inFileOrder[r];
            if (!seen.add(source, at)) {
                continue; // two writers stored it: the newer record came first
            }
            int length;
            try {
                // copied as they are, key and entry in one piece, unchecked: verify judges
                // records, a fold only moves them
                length = source.recordLength(at);
            } catch (CorruptEntryException outside) {
                return false;
            }
            if (copied.record.length < length) {
                copied.record = new byte[Math.max(length, 2 * copied.record.length)];
            }
            source.copyRecord(at, copied.record, length);
            copied.times[copied.n] = LastUse.clamped(used[r], now);
            copied.offsets[copied.n++] = writer.addRecord(copied.record, length);
        }
        return true;
    }
}
