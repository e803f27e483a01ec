package io.mppfc.cache.maintenance;

import io.mppfc.cache.pack.PackUse;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryDirectories;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackGrace;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Gathers a function's small loose entries and its packs into one new pack (several past
 * {@link Pack#MAX_SIZE}), like git's repack: the new pack is written whole, fsynced and renamed
 * into place before anything it replaces is removed, so a reader in any process always finds each
 * entry in the loose file, the old pack or the new one. A loose entry is newer than a packed one
 * and wins; of two packs the higher generation wins. Damaged packs are left in place (for
 * {@code mppfc verify} to salvage); damaged records and loose entries go to the quarantine.
 * The caller holds the {@link MaintenanceLock}.
 */
final class Packer {

    /** Larger entries stay loose: a file per big result costs nothing worth saving. */
    static final int PACKABLE = 64 * 1024;

    private final Path function;
    private final Path packsDirectory;
    private final List<Path> written = new ArrayList<>();
    private final long generation;
    private PackWriter writer;
    private long quarantined;
    /** The current pack's records, by offset, and when each was last used: its {@link PackUse} table. */
    private long[] useOffsets = new long[1024];
    private long[] useTimes = new long[1024];
    private int used;
    /** Packed entries a collection evicts: left out of the new pack. */
    private final Set<CacheKey> evicted;

    private Packer(Path function, long generation, Set<CacheKey> evicted) {
        this.evicted = evicted;
        this.function = function;
        this.packsDirectory = function.resolve(PackSet.DIRECTORY);
        this.generation = generation;
    }

    /**
     * Packs one function's directory.
     *
     * @return what was done
     */
    static CacheInventory.PackResult pack(Path function) throws IOException {
        return pack(function, Set.of());
    }

    /**
     * Packs one function's directory, leaving out the packed entries of {@code evicted}.
     *
     * @return what was done
     */
    static CacheInventory.PackResult pack(Path function, Set<CacheKey> evicted) throws IOException {
        return pack(function, evicted, List.of());
    }

    /**
     * Packs one function's directory with the records of {@code incoming} (packs pulled from a
     * shared store, outside the packs directory) that it lacks: the new pack holds everything the
     * older ones did, as every pack of a higher generation must.
     *
     * @return what was done
     */
    static CacheInventory.PackResult pack(Path function, Set<CacheKey> evicted, List<Pack> incoming)
            throws IOException {
        String name = function.getFileName().toString();
        List<CacheInventory.Entry> loose = new ArrayList<>();
        for (CacheInventory.Entry e : CacheInventory.entries(function)) {
            if (e.size() <= PACKABLE) {
                loose.add(e);
            }
        }
        Path packsDirectory = function.resolve(PackSet.DIRECTORY);
        new EntryDirectories(function, false, false).prepare(packsDirectory); // a real, owner-only directory
        DeadPackerLeftovers.remove(packsDirectory);
        List<Pack> intact = new ArrayList<>();
        long maxGeneration = 0;
        for (Path path : PackSet.list(packsDirectory)) {
            maxGeneration = Math.max(maxGeneration, PackSet.generation(path));
            try {
                intact.add(Pack.open(path));
            } catch (CorruptEntryException e) {
                // left for verify, which keeps its intact records
            }
        }
        intact.sort(PackSet.NEWEST_FIRST); // the first record of a key merged is the one readers got
        long grace = PackGrace.of(function).toMillis();
        long removed = 0;
        int replaced = 0;
        if (grace > 0) {
            Pack settled = SettledPack.of(intact, grace);
            if (settled != null) {
                replaced += SettledPack.deleteOlderThan(intact, settled);
                removed += SettledPack.removeLoose(loose, settled);
            }
        }
        if (loose.isEmpty() && intact.size() <= 1 && evicted.isEmpty() && incoming.isEmpty()) {
            removeEmptyDirectories(function);
            return new CacheInventory.PackResult(name, removed, 0, 0, replaced, 0);
        }
        Packer packer = new Packer(function, maxGeneration + 1, evicted);
        try {
            List<PackedLoose> packedLoose = packer.addLoose(loose);
            Set<CacheKey> looseKeys = new HashSet<>();
            for (PackedLoose p : packedLoose) {
                looseKeys.add(CacheKey.ofHex(p.path().getFileName().toString()));
            }
            long records = packedLoose.size();
            for (int i = 0; i < intact.size(); i++) {
                records += packer.addRecords(intact.get(i), intact.subList(0, i), looseKeys);
            }
            List<Pack> shadowing = new ArrayList<>(intact);
            for (Pack pulled : incoming) {
                records += packer.addRecords(pulled, List.copyOf(shadowing), looseKeys);
                shadowing.add(pulled);
            }
            packer.finishCurrent();
            long published = System.nanoTime();
            if (grace == 0) {
                // other processes see the new pack at their next lookup: what it replaces can go now
                for (Pack old : intact) {
                    FileGate.deleteFile(old.path());
                    PackUse.delete(old.path());
                }
                replaced += intact.size();
                PackWriter.syncDirectory(packsDirectory);
                PackSet.awaitMissWindow(published); // a reader's recent listing may not show the new pack yet
                java.util.concurrent.atomic.AtomicLong gone = new java.util.concurrent.atomic.AtomicLong();
                InParallel.forEach(packedLoose, p -> gone.addAndGet(p.removeIfUnchanged() ? 1 : 0));
                removed += gone.get();
            }
            removeEmptyDirectories(function);
            return new CacheInventory.PackResult(name, removed, records, packer.written.size(), replaced,
                    packer.quarantined);
        } finally {
            if (packer.writer != null) {
                packer.writer.close();
            }
        }
    }

    /** Reads the loose files with several threads (each read waits on the disk), adding them one at a time. */
    private List<PackedLoose> addLoose(List<CacheInventory.Entry> loose) throws IOException {
        List<PackedLoose> packed = java.util.Collections.synchronizedList(new ArrayList<>());
        InParallel.forEach(loose, e -> {
            EntryFile.Loaded loaded;
            try {
                loaded = PackedLoose.read(e);
            } catch (NoSuchFileException | NewerFormatException goneOrNotOurs) {
                return; // a newer mppfc's entry stays loose, for it to read
            } catch (CorruptEntryException damage) {
                Path moved = Quarantine.move(function, e.path(), damage.getMessage());
                synchronized (this) {
                    quarantined += moved != null ? 1 : 0;
                }
                return;
            }
            byte[] entry = PackedLoose.packedBytes(loaded);
            synchronized (this) {
                add(e.key(), entry, LastUse.clamped(loaded.modified().toMillis(), System.currentTimeMillis()));
            }
            packed.add(new PackedLoose(e.path(), loaded.fileKey()));
        });
        return packed;
    }

    /**
     * Copies the records of {@code pack} that no loose entry and no newer pack shadows. A pack
     * with damaged records is kept in the quarantine once, whole, however many they are.
     */
    private long addRecords(Pack pack, List<Pack> newer, Set<CacheKey> looseKeys) throws IOException {
        long added = 0;
        long damaged = 0;
        String firstDamage = null;
        PackUse uses = PackUse.open(pack, false);
        long packTime = PackUse.packTime(pack);
        long now = System.currentTimeMillis();
        for (long at : pack.recordOffsets()) {
            CacheKey key = pack.keyAt(at);
            if (looseKeys.contains(key) || evicted.contains(key) || newer.stream().anyMatch(p -> p.find(key) >= 0)) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = pack.entryBytes(at);
                pack.entryAt(at);
            } catch (NewerFormatException notOurs) {
                // a newer mppfc's record, kept as it is, with its last use
                add(key, rawRecord(pack, at), LastUse.clamped(PackUse.lastUsed(uses, at, packTime), now));
                added++;
                continue;
            } catch (CorruptEntryException damage) {
                firstDamage = firstDamage == null ? damage.getMessage() : firstDamage;
                damaged++;
                continue;
            }
            add(key, bytes, LastUse.clamped(PackUse.lastUsed(uses, at, packTime), now));
            added++;
        }
        if (damaged > 0) {
            Quarantine.keepPack(function, pack.path(), damaged, firstDamage);
            quarantined += damaged;
        }
        return added;
    }

    static byte[] rawRecord(Pack pack, long at) {
        try {
            return pack.entryBytes(at);
        } catch (CorruptEntryException e) {
            return new byte[0];
        }
    }

    private void add(CacheKey key, byte[] entry, long lastUse) throws IOException {
        if (writer != null && writer.count() > 0 && writer.sizeWith(entry.length) > Pack.MAX_SIZE) {
            finishCurrent();
        }
        if (writer == null) {
            writer = new PackWriter(packsDirectory, generation);
        }
        if (used == useOffsets.length) {
            useOffsets = java.util.Arrays.copyOf(useOffsets, used * 2);
            useTimes = java.util.Arrays.copyOf(useTimes, used * 2);
        }
        useOffsets[used] = writer.add(key, entry);
        useTimes[used++] = lastUse;
    }

    private void finishCurrent() throws IOException {
        if (writer != null) {
            Path pack = writer.finish();
            PackUse.write(pack, useOffsets, useTimes, used);
            written.add(pack);
            writer = null;
            used = 0;
        }
    }

    /** Checks every record of every pack; see {@link PackRepair#verify(Path)}. */
    static List<CacheInventory.Finding> verify(Path function) throws IOException {
        return PackRepair.verify(function);
    }

    /** An emptied entry directory costs a block on disk; a writer that needs it again makes it again. */
    static void removeEmptyDirectories(Path function) throws IOException {
        for (Path dir : EntryListing.entryDirectories(function)) {
            FileGate.deleteEmptyDirectory(dir); // one in use, or anything put at its name since, is left
        }
    }
}
