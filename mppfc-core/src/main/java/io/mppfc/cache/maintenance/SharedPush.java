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
 * indexes of its packs read; what it holds is judged by key (the first 8 bytes), only from
 * packs listed at the size their index gives and loose objects at least an entry's header long
 * (a pack missing, cut short or half-collected holds nothing, and its records are sent again).
 * A local pack is skipped when the store holds that very pack (same name and whole-file hash)
 * or all its keys; uploaded whole, then its index, last, when it holds none of them (a push
 * killed before the index leaves a pack nobody reads, removed by {@code gc --shared}); else its
 * lacking records are gathered with the loose entries the store lacks into new packs (a handful
 * of objects, not one per entry; one object each when only a few loose ones lack), so a cache
 * that pulled and computed more does not send what it pulled again. Every entry is checked
 * before it is uploaded, so damage is never shared. Reads the cache only (no lock): programs,
 * {@code pull} and {@code pack} may run meanwhile; a pack they replace while it is uploaded is
 * skipped and its successor pushed by the next push. The store is never trusted to vouch for
 * more than it lists: a store that drops what it is sent cannot be told apart from one that
 * never had it, and costs its readers a recomputation, never a wrong value.
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
        /** The whole-file hash each readable index of the store gives its pack, by pack name. */
        private final Map<String, byte[]> indexHashes = new java.util.HashMap<>();
        /** The packs listed at the size their index gives. */
        private final Set<String> whole = new HashSet<>();
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
            if (remote != null) {
                readRemote();
            }
            try (Gathered gathered = new Gathered()) {
                if (strip) {
                    pushWithoutArguments(gathered);
                } else {
                    for (Path pack : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
                        pushPack(pack, gathered);
                    }
                    pushLoose(gathered);
                }
                List<Path> written = gathered.finish();
                progress.planned(gathered.bytes);
                for (Path pack : written) {
                    byte[] indexBytes = indexOf(pack);
                    if (indexBytes != null) {
                        upload(pack, indexBytes, RemotePackIndex.parseChecked(indexBytes));
                    }
                }
                progress.done(gathered.bytes);
            }
            return new Result(name, packs, loose, records, bytes, replaced);
        }

        /**
         * What the store holds whole, as far as it can be told without reading it back: a pack's
         * records only when its index parses and the pack is listed at the size the index gives
         * (a pack missing, cut short or half-collected holds nothing here, and what it would hold
         * is sent again), a loose object only when listed at least an entry's header long.
         */
        private void readRemote() throws IOException {
            remote.looseKeys().forEach((key, size) -> {
                if (size >= EntryFormat.HEADER_V2) {
                    remoteLoose.add(key);
                    remotePrefixes.add(key.word(0));
                }
            });
            for (String pack : remote.indexedPacks()) {
                RemotePackIndex index = RemotePacks.read(store, name, pack, maxObjectBytes);
                if (index != null) {
                    indexHashes.put(pack, index.packHash());
                    if (remote.packBytes().get(pack) == index.packSize()) {
                        SharedListing.addAll(index, remotePrefixes);
                        whole.add(pack);
                    }
                }
            }
        }

        /** A local pack, or null if it is gone (replaced meanwhile) or damaged (verify's to salvage, never shared). */
        private Pack openOrNull(Path pack) throws IOException {
            try {
                return Pack.open(pack);
            } catch (NoSuchFileException e) {
                replaced++;
                return null;
            } catch (CorruptEntryException e) {
                return null;
            }
        }

        /** The index of a local pack, or null if it is gone (replaced meanwhile) or damaged (verify's, never shared). */
        private byte[] indexOf(Path pack) throws IOException {
            try {
                return RemotePackIndex.of(pack, functionId);
            } catch (NoSuchFileException e) {
                replaced++;
                return null;
            } catch (CorruptEntryException e) {
                return null;
            }
        }

        /**
         * A local pack: skipped when the store holds this very pack (same name and whole-file hash)
         * or every key of it; uploaded whole when it holds none of them; else only the records the
         * store lacks go, gathered into a new pack, so a cache that pulled and computed more does
         * not send again what it pulled. A pack of this name with other content in the store is
         * never overwritten: its records go under a new name.
         */
        private void pushPack(Path pack, Gathered gathered) throws IOException {
            byte[] indexBytes = indexOf(pack);
            if (indexBytes == null) {
                return;
            }
            RemotePackIndex index = RemotePackIndex.parseChecked(indexBytes);
            String packName = pack.getFileName().toString();
            // the store's index of this name is of this very pack: whole, or its pack cut short or gone (then sent again)
            boolean ours = java.security.MessageDigest.isEqual(indexHashes.getOrDefault(packName, new byte[0]),
                    index.packHash());
            int lacking = 0;
            for (int i = 0; i < index.count(); i++) {
                lacking += remotePrefixes.contains(index.prefix(i)) ? 0 : 1;
            }
            if ((ours && whole.contains(packName)) || lacking == 0) {
                return;
            }
            boolean nameTaken = remote != null && !ours
                    && (remote.packBytes().containsKey(packName) || remote.indexed().contains(packName));
            if (lacking == index.count() && !nameTaken) {
                progress.planned(index.packSize());
                upload(pack, indexBytes, index);
                progress.done(index.packSize());
                return;
            }
            Pack open = openOrNull(pack);
            if (open == null) {
                return;
            }
            for (long at : open.recordOffsets()) {
                CacheKey key = open.keyAt(at);
                if (!remotePrefixes.contains(key.word(0))) {
                    try {
                        gathered.add(key, checkedAs(open.entryBytes(at), key));
                    } catch (CorruptEntryException damaged) {
                        // never shared
                    }
                }
            }
        }

        /** Uploads a pack, then its index: the index, last, is what makes it exist. */
        private void upload(Path pack, byte[] indexBytes, RemotePackIndex index) throws IOException {
            String packName = pack.getFileName().toString();
            try {
                store.putFile(RemotePacks.packKey(name, packName), pack);
            } catch (NoSuchFileException e) {
                replaced++;
                return;
            }
            store.put(RemotePacks.indexKey(name, packName), indexBytes);
            SharedListing.addAll(index, remotePrefixes);
            packs++;
            records += index.count();
            bytes += index.packSize() + indexBytes.length;
        }

        /** The loose entries the store lacks: gathered with the rest, or one object each when they are all and few. */
        private void pushLoose(Gathered gathered) throws IOException {
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
            if (missing.size() < LOOSE_AS_PACK && gathered.isEmpty()) {
                progress.planned(size);
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
            for (CacheInventory.Entry e : missing) {
                gathered.add(e.key(), checked(e));
            }
        }

        /**
         * For a store that keeps arguments out: every entry it lacks, loose or packed, without its
         * arguments, gathered into new packs (the local packs hold arguments, so none goes up as it is).
         */
        private void pushWithoutArguments(Gathered gathered) throws IOException {
            for (Path path : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
                Pack pack = openOrNull(path);
                if (pack == null) {
                    continue;
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
        }

        /**
         * Entries gathered into new packs in a scratch directory of the system's, deleted on close;
         * one left by a push that was killed is deleted by a later push, once a day old.
         */
        private final class Gathered implements AutoCloseable {
            private Path scratch;
            private final List<Path> written = new ArrayList<>();
            private final Set<CacheKey> added = new HashSet<>();
            private PackWriter writer;
            /** The bytes of the entries gathered. */
            private long bytes;

            boolean isEmpty() {
                return added.isEmpty();
            }

            /** Adds a checked entry; null (not shareable) and a key added before are left out. */
            void add(CacheKey key, byte[] entry) throws IOException {
                if (entry == null || !added.add(key)) {
                    return;
                }
                if (scratch == null) {
                    scratch = Files.createTempDirectory(PushScratch.PREFIX);
                    PushScratch.sweep(scratch, java.time.Instant.now());
                }
                bytes += entry.length;
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
                if (scratch != null) {
                    SharedPull.deleteTree(scratch);
                }
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
