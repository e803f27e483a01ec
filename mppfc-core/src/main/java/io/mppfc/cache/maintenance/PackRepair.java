package io.mppfc.cache.maintenance;

import io.mppfc.cache.Quarantine;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code mppfc verify} of a function's packs: every record checked; a pack with damaged
 * records is rewritten without them (the damaged pack kept in the quarantine once, whole), a
 * pack that is not a valid pack is moved there.
 */
public final class PackRepair {

    /** Damaged records of one pack that verify names one by one; the rest are counted in one more line. */
    public static final int FINDINGS_PER_PACK = 20;

    private PackRepair() {
    }

    /** Checks every record of every pack; see {@link CacheInventory#verify(Path)}. */
    static List<CacheInventory.Finding> verify(Path function) throws IOException {
        List<CacheInventory.Finding> found = new ArrayList<>();
        for (Path path : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
            Pack pack;
            try {
                pack = Pack.open(path);
            } catch (NoSuchFileException e) {
                continue;
            } catch (NewerFormatException e) {
                found.add(new CacheInventory.Finding(path, e.getMessage(), false));
                continue;
            } catch (CorruptEntryException e) {
                String damage = "damaged pack, its entries are recomputed when asked for: " + e.getMessage();
                found.add(new CacheInventory.Finding(path, damage, Quarantine.move(function, path, "pack", damage) != null));
                PackUse.delete(path);
                continue;
            }
            Set<Long> damaged = new HashSet<>();
            String firstDamage = null;
            if (pack.strayOffsets() > 0) {
                int stray = pack.strayOffsets();
                firstDamage = stray + (stray == 1 ? " index slot points" : " index slots point")
                        + " outside the pack's records (rewritten without; what they indexed is recomputed when asked for)";
                found.add(new CacheInventory.Finding(path, firstDamage, true));
            }
            for (long at : pack.recordOffsets()) {
                String problem;
                try {
                    EntryFormat.Parsed parsed = pack.entryAt(at);
                    if (pack.find(pack.keyAt(at)) != at) {
                        throw new CorruptEntryException("its index slot does not name its key (unreachable)");
                    }
                    problem = parsed.isNull() ? null : Codecs.unavailable(parsed.codecId());
                    if (problem != null && Codecs.byId(parsed.codecId()) != null) {
                        found.add(new CacheInventory.Finding(path, "record " + pack.keyAt(at).hex() + ": " + problem, false));
                        continue;
                    }
                } catch (NewerFormatException e) {
                    found.add(new CacheInventory.Finding(path, "record " + pack.keyAt(at).hex() + ": " + e.getMessage(),
                            false));
                    continue;
                } catch (CorruptEntryException e) {
                    problem = e.getMessage();
                }
                if (problem != null) {
                    damaged.add(at);
                    firstDamage = firstDamage == null ? problem : firstDamage;
                    if (damaged.size() <= FINDINGS_PER_PACK) {
                        found.add(new CacheInventory.Finding(path, "record " + pack.keyAt(at).hex() + ": " + problem,
                                true));
                    }
                }
            }
            if (damaged.size() > FINDINGS_PER_PACK) {
                found.add(new CacheInventory.Finding(path, "and " + (damaged.size() - FINDINGS_PER_PACK)
                        + " more damaged records of this pack", true, damaged.size() - FINDINGS_PER_PACK));
            }
            if (!damaged.isEmpty() || pack.strayOffsets() > 0) {
                rewriteWithout(function, pack, damaged, firstDamage);
            }
        }
        return found;
    }

    /**
     * Replaces a pack by one of the same generation without its damaged records; the damaged pack
     * itself is kept in the quarantine, once, whole.
     */
    private static void rewriteWithout(Path function, Pack pack, Set<Long> damaged, String firstDamage)
            throws IOException {
        MaintenanceLock.holding(function.getParent(), "repair a pack of", () -> {
            try (PackWriter writer = new PackWriter(function.resolve(PackSet.DIRECTORY), pack.generation())) {
                PackUse uses = PackUse.open(pack, false);
                long packTime = PackUse.packTime(pack);
                long[] all = pack.recordOffsets();
                long[] offsets = new long[all.length];
                long[] times = new long[all.length];
                int n = 0;
                java.util.Arrays.sort(all); // in the order they were written, which keeps their offsets ascending
                for (long at : all) {
                    if (!damaged.contains(at)) {
                        times[n] = PackUse.lastUsed(uses, at, packTime);
                        offsets[n++] = writer.add(pack.keyAt(at), Packer.rawRecord(pack, at));
                    }
                }
                Path repaired = writer.finish();
                PackUse.write(repaired, offsets, times, n);
                Quarantine.keepPack(function, pack.path(), damaged.size(), firstDamage);
                FileGate.deleteFile(pack.path());
                PackUse.delete(pack.path());
            }
            return null;
        });
    }
}
