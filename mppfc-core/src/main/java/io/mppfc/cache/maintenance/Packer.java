package io.mppfc.cache.maintenance;

import io.mppfc.cache.pack.PackUse;
import io.mppfc.cache.entry.LastUse;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryDirectories;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackGrace;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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

    /** A loose file packed: removed afterwards only if it is still the same file (not rewritten meanwhile). */
    private record Packed(Path path, Object fileKey) {
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
        prepare(function, packsDirectory);
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
        intact.sort(java.util.Comparator.comparingLong(Pack::generation).reversed());
        long grace = PackGrace.of(function).toMillis();
        long removed = 0;
        int replaced = 0;
        if (grace > 0) {
            Pack settled = settled(intact, grace);
            if (settled != null) {
                replaced += deleteOlderThan(intact, settled);
                removed += removeSettledLoose(loose, settled);
            }
        }
        if (loose.isEmpty() && intact.size() <= 1 && evicted.isEmpty() && incoming.isEmpty()) {
            removeEmptyDirectories(function);
            return new CacheInventory.PackResult(name, removed, 0, 0, replaced, 0);
        }
        Packer packer = new Packer(function, maxGeneration + 1, evicted);
        try {
            List<Packed> packedLoose = packer.addLoose(loose);
            Set<CacheKey> looseKeys = new HashSet<>();
            for (Packed p : packedLoose) {
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
                InParallel.forEach(packedLoose, p -> gone.addAndGet(removeIfUnchanged(p) ? 1 : 0));
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

    /** The newest pack every host has had the grace period to see (it holds everything older packs did), or null. */
    private static Pack settled(List<Pack> newestFirst, long graceMillis) {
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
     * Deletes the packs of lower generations: the settled one merged all of them when it was
     * written. A batch pack may have been written after it, so it goes only if the settled pack
     * holds every key it does.
     */
    private static int deleteOlderThan(List<Pack> intact, Pack settled) throws IOException {
        int deleted = 0;
        for (java.util.Iterator<Pack> it = intact.iterator(); it.hasNext();) {
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

    /** Removes the loose files whose entry the settled pack holds byte for byte (not those rewritten since). */
    private static long removeSettledLoose(List<CacheInventory.Entry> loose, Pack settled) throws IOException {
        long removed = 0;
        for (java.util.Iterator<CacheInventory.Entry> it = loose.iterator(); it.hasNext();) {
            CacheInventory.Entry e = it.next();
            long at = settled.find(e.key());
            if (at < 0) {
                continue;
            }
            try {
                Object fileKey = Files.readAttributes(e.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .fileKey();
                if (java.util.Arrays.equals(reencoded(EntryFile.read(e.path(), e.key(), functionId(e.path())).parsed()),
                        settled.entryBytes(at))
                        && removeIfUnchanged(new Packed(e.path(), fileKey))) {
                    removed++;
                    it.remove();
                }
            } catch (NoSuchFileException | CorruptEntryException gone) {
                // removed meanwhile, or damaged (packing quarantines it)
            }
        }
        return removed;
    }

    /** The packs directory as a real, owner-only directory, without the temp files of packers that died. */
    private static void prepare(Path function, Path packsDirectory) throws IOException {
        new EntryDirectories(function, false, false).prepare(packsDirectory);
        try (var temps = Files.newDirectoryStream(packsDirectory, DiskCache.TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                if (BatchPacks.maybeBeingWritten(temp)) {
                    continue; // a writer publishing a batch takes no lock
                }
                try {
                    FileGate.deleteFile(temp); // we hold the lock: no packer is writing
                } catch (RefusedFileException e) {
                    // a directory under a temp name: no packer made it, so it stays
                }
            }
        }
        // the use tables of packs that are gone (a packer or collector died between the two deletions)
        try (var tables = Files.newDirectoryStream(packsDirectory, "pack-*" + PackUse.SUFFIX)) {
            for (Path table : tables) {
                String name = table.getFileName().toString();
                Path pack = table.resolveSibling(name.substring(0, name.length() - PackUse.SUFFIX.length()) + ".mpk");
                if (!Files.exists(pack, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        FileGate.deleteFile(table);
                    } catch (RefusedFileException e) {
                        // a directory under a table's name: no packer made it, so it stays
                    }
                }
            }
        }
    }

    /** Reads the loose files with several threads (each read waits on the disk), adding them one at a time. */
    private List<Packed> addLoose(List<CacheInventory.Entry> loose) throws IOException {
        List<Packed> packed = java.util.Collections.synchronizedList(new ArrayList<>());
        InParallel.forEach(loose, e -> {
            EntryFile.Loaded loaded;
            try {
                loaded = EntryFile.read(e.path(), e.key(), functionId(e.path()));
            } catch (NoSuchFileException | NewerFormatException goneOrNotOurs) {
                return; // a newer mppfc's entry stays loose, for it to read
            } catch (CorruptEntryException damage) {
                Path moved = Quarantine.move(function, e.path(), damage.getMessage());
                synchronized (this) {
                    quarantined += moved != null ? 1 : 0;
                }
                return;
            }
            byte[] entry = reencoded(loaded.parsed());
            synchronized (this) {
                add(e.key(), entry, LastUse.clamped(loaded.modified().toMillis(), System.currentTimeMillis()));
            }
            packed.add(new Packed(e.path(), loaded.fileKey()));
        });
        return packed;
    }

    /**
     * The checked entry's bytes as they are: an entry of an older format keeps it (restamping it
     * as format 4 would vouch for a key that nothing checked), and is read from the pack as from
     * its loose file.
     */
    private static byte[] reencoded(EntryFormat.Parsed parsed) {
        return EntryFormat.bytesOf(parsed);
    }

    /** The function directory of a loose entry {@code <function>/<abc>/<key>}, as entries name it. */
    private static byte[] functionId(Path looseEntry) {
        return EntryFormat.functionId(looseEntry.getParent().getParent());
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

    /**
     * Removes a packed loose file unless it was rewritten since it was read (an overwrite racing
     * the packer), which stays and wins over the pack: it is claimed by a rename first, and put
     * back if it turns out to be another file.
     */
    private static boolean removeIfUnchanged(Packed packed) throws IOException {
        Path claim = packed.path().resolveSibling(DiskCache.TEMP_PREFIX + "packed-" + packed.path().getFileName());
        try {
            Files.move(packed.path(), claim, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        Object now = Files.readAttributes(claim, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (!Objects.equals(now, packed.fileKey()) || now == null) {
            try {
                Files.createLink(packed.path(), claim);
            } catch (FileAlreadyExistsException newer) {
                // rewritten again since: that one is newer still
            }
            FileGate.deleteFile(claim);
            return false;
        }
        FileGate.deleteFile(claim);
        return true;
    }

    /** Checks every record of every pack; see {@link PackRepair#verify(Path)}. */
    static List<CacheInventory.Finding> verify(Path function) throws IOException {
        return PackRepair.verify(function);
    }

    /** An emptied entry directory costs a block on disk; a writer that needs it again makes it again. */
    static void removeEmptyDirectories(Path function) throws IOException {
        for (Path dir : EntryListing.entryDirectories(function)) {
            try {
                Files.delete(dir);
            } catch (java.nio.file.DirectoryNotEmptyException | NoSuchFileException e) {
                // in use
            }
        }
    }
}
