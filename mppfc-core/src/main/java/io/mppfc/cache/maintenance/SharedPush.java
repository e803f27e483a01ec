package io.mppfc.cache.maintenance;

import io.mppfc.SharedStore;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.cache.pack.RemotePackIndex;
import io.mppfc.cache.pack.RemotePacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code mppfc push}: uploads what a shared store lacks. The store is listed once and the
 * indexes of its packs read; a local pack is uploaded whole when it holds a key the store lacks,
 * then its index, last (a push killed before that leaves a pack nobody reads, uploaded again by
 * the next push and removed by {@code gc --shared}); loose entries the store lacks go up
 * gathered into one new pack (a handful of objects, not one per entry), or as loose objects when
 * they are few. Every entry is checked before it is uploaded, so damage is never shared. Reads
 * the cache only (no lock): programs, {@code pull} and {@code pack} may run meanwhile; a pack
 * they replace while it is uploaded is skipped and its successor pushed by the next push.
 */
public final class SharedPush {

    /** Fewer loose entries than this go up one object each: a pack of a handful saves nothing. */
    static final int LOOSE_AS_PACK = 16;

    /**
     * What one function's push did.
     *
     * @param function the function's directory name
     * @param packs packs uploaded (loose entries gathered into one count as one)
     * @param looseObjects entries uploaded one object each
     * @param records entries uploaded in packs
     * @param bytes bytes uploaded
     * @param replaced local packs replaced while they were read (push again to send their successors)
     */
    public record Result(String function, long packs, long looseObjects, long records, long bytes, long replaced) {
    }

    private SharedPush() {
    }

    /**
     * Pushes every function of {@code root} (or the one named) to the store.
     *
     * @param root a cache root
     * @param store the shared store
     * @param only a function directory name, or null for every one
     * @param progress told what is planned and done
     * @return per local function, what was done
     * @throws IOException if the store or the cache fails
     */
    public static List<Result> push(Path root, SharedStore store, String only, SharedProgress progress)
            throws IOException {
        Map<String, SharedListing.Function> remote = SharedListing.of(store.list(""));
        List<Result> results = new ArrayList<>();
        for (Path function : CacheInventory.functionDirectories(root)) {
            String name = function.getFileName().toString();
            if (only == null || name.equals(only) || io.mppfc.cache.CodeVersions.function(name).equals(only)) {
                SharedListing.Function there = remote.get(name);
                results.add(new FunctionPush(store, function, there, progress).run());
            }
        }
        return results;
    }

    /** One function's push. */
    private static final class FunctionPush {
        private final SharedStore store;
        private final Path function;
        private final String name;
        private final byte[] functionId;
        private final SharedListing.Function remote;
        private final SharedProgress progress;
        /** The store keeps arguments out: entries go up re-encoded without them. */
        private final boolean strip;
        private final long maxObjectBytes;
        private final Set<Long> remotePrefixes = new HashSet<>();
        private final Set<CacheKey> remoteLoose = new HashSet<>();
        private long packs;
        private long loose;
        private long records;
        private long bytes;
        private long replaced;

        FunctionPush(SharedStore store, Path function, SharedListing.Function remote, SharedProgress progress) {
            this.store = store;
            this.function = function;
            this.name = function.getFileName().toString();
            this.functionId = EntryFormat.functionId(function);
            this.remote = remote;
            this.progress = progress;
            this.strip = !store.uploadsArguments();
            this.maxObjectBytes = Math.min(store.maxObjectBytes(), Runtime.getRuntime().maxMemory() / 4);
        }

        Result run() throws IOException {
            Set<String> remotePacks = new HashSet<>();
            if (remote != null) {
                remoteLoose.addAll(remote.looseKeys().keySet());
                for (CacheKey k : remote.looseKeys().keySet()) {
                    remotePrefixes.add(k.word(0));
                }
                for (String pack : remote.indexedPacks()) {
                    RemotePackIndex index = RemotePacks.read(store, name, pack, maxObjectBytes);
                    if (index != null) {
                        SharedListing.addAll(index, remotePrefixes);
                        remotePacks.add(pack);
                    }
                }
            }
            if (strip) {
                pushWithoutArguments();
                return new Result(name, packs, loose, records, bytes, replaced);
            }
            List<Path> localPacks = PackSet.list(function.resolve(PackSet.DIRECTORY));
            for (Path pack : localPacks) {
                if (!remotePacks.contains(pack.getFileName().toString())) {
                    pushPack(pack, true);
                }
            }
            pushLoose();
            return new Result(name, packs, loose, records, bytes, replaced);
        }

        /** Uploads a local pack unless the store holds all its keys: the pack, then its index. */
        private void pushPack(Path pack, boolean counted) throws IOException {
            byte[] indexBytes;
            RemotePackIndex index;
            try {
                indexBytes = RemotePackIndex.of(pack, functionId);
                index = RemotePackIndex.parse(indexBytes);
            } catch (NoSuchFileException e) {
                replaced++;
                return;
            } catch (CorruptEntryException e) {
                return; // a damaged pack is verify's to salvage, never shared
            }
            if (index.count() == 0 || SharedListing.allIn(index, remotePrefixes)) {
                return;
            }
            long shown = counted ? index.packSize() : 0;
            progress.planned(shown);
            String packName = pack.getFileName().toString();
            try {
                store.putFile(RemotePacks.packKey(name, packName), pack);
            } catch (NoSuchFileException e) {
                replaced++;
                progress.done(shown);
                return;
            }
            store.put(RemotePacks.indexKey(name, packName), indexBytes);
            SharedListing.addAll(index, remotePrefixes);
            progress.done(shown);
            packs++;
            records += index.count();
            bytes += index.packSize() + indexBytes.length;
        }

        /** The loose entries the store lacks: gathered into one pack, or one object each when few. */
        private void pushLoose() throws IOException {
            List<CacheInventory.Entry> missing = new ArrayList<>();
            long size = 0;
            for (CacheInventory.Entry e : CacheInventory.entries(function)) {
                if (!remoteLoose.contains(e.key()) && !remotePrefixes.contains(e.key().word(0))) {
                    missing.add(e);
                    size += e.size();
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            progress.planned(size);
            if (missing.size() < LOOSE_AS_PACK) {
                for (CacheInventory.Entry e : missing) {
                    byte[] entry = checked(e);
                    if (entry != null) {
                        store.put(name + "/" + e.key().hex(), entry);
                        loose++;
                        bytes += entry.length;
                    }
                    progress.done(e.size());
                }
                return;
            }
            try (Gathered gathered = new Gathered()) {
                for (CacheInventory.Entry e : missing) {
                    gathered.add(e.key(), checked(e));
                }
                for (Path pack : gathered.finish()) {
                    pushPack(pack, false);
                }
            }
            progress.done(size);
        }

        /**
         * For a store that keeps arguments out: every entry it lacks, loose or packed, without its
         * arguments, gathered into new packs (the local packs hold arguments, so none goes up as it is).
         */
        private void pushWithoutArguments() throws IOException {
            try (Gathered gathered = new Gathered()) {
                for (Path path : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
                    Pack pack;
                    try {
                        pack = Pack.open(path);
                    } catch (NoSuchFileException e) {
                        replaced++;
                        continue;
                    } catch (CorruptEntryException e) {
                        continue; // verify's to salvage, never shared
                    }
                    for (long at : pack.recordOffsets()) {
                        CacheKey key = pack.keyAt(at);
                        if (!remotePrefixes.contains(key.word(0))) {
                            try {
                                gathered.add(key, EntryFormat.withoutArguments(pack.entryBytes(at), key, functionId));
                            } catch (CorruptEntryException damaged) {
                                // never shared
                            }
                        }
                    }
                }
                for (CacheInventory.Entry e : CacheInventory.entries(function)) {
                    if (!remoteLoose.contains(e.key()) && !remotePrefixes.contains(e.key().word(0))) {
                        gathered.add(e.key(), checked(e));
                    }
                }
                for (Path pack : gathered.finish()) {
                    pushPack(pack, true);
                }
            }
        }

        /**
         * Entries gathered into new packs in a scratch directory of the system's, deleted on close;
         * one left by a push that was killed is deleted by a later push, once a day old.
         */
        private final class Gathered implements AutoCloseable {
            private final Path scratch;
            private final List<Path> written = new ArrayList<>();
            private final Set<CacheKey> added = new HashSet<>();
            private PackWriter writer;

            Gathered() throws IOException {
                scratch = Files.createTempDirectory(PushScratch.PREFIX);
                PushScratch.sweep(scratch, java.time.Instant.now());
            }

            /** Adds a checked entry; null (not shareable) and a key added before are left out. */
            void add(CacheKey key, byte[] entry) throws IOException {
                if (entry == null || !added.add(key)) {
                    return;
                }
                if (writer != null && writer.sizeWith(entry.length) > Pack.MAX_SIZE) {
                    written.add(writer.finish());
                    writer.close();
                    writer = null;
                }
                if (writer == null) {
                    writer = new PackWriter(scratch, System.currentTimeMillis());
                }
                writer.add(key, entry);
            }

            List<Path> finish() throws IOException {
                if (writer != null) {
                    written.add(writer.finish());
                    writer.close();
                    writer = null;
                }
                return written;
            }

            @Override
            public void close() throws IOException {
                if (writer != null) {
                    writer.close();
                }
                SharedPull.deleteTree(scratch);
            }
        }

        /**
         * The entry's bytes if it is intact and this function's, without its arguments if the
         * store keeps them out; null if gone, damaged or too large (not shared).
         */
        private byte[] checked(CacheInventory.Entry e) throws IOException {
            try {
                byte[] entry = io.mppfc.files.FileGate.readBounded(e.path(), maxObjectBytes);
                return strip ? EntryFormat.withoutArguments(entry, e.key(), functionId)
                        : checkedAs(entry, e.key());
            } catch (NoSuchFileException | io.mppfc.files.RefusedFileException | CorruptEntryException gone) {
                return null;
            }
        }

        private byte[] checkedAs(byte[] entry, CacheKey key) throws CorruptEntryException {
            EntryFormat.parse(entry, entry.length, key, functionId);
            return entry;
        }
    }
}
