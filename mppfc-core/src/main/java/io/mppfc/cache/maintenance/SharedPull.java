package io.mppfc.cache.maintenance;

import io.mppfc.SharedStore;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CacheLayout;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.FilePermissions;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.cache.pack.RemotePackIndex;
import io.mppfc.cache.pack.RemotePacks;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.footprint.Footprint;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mppfc pull}: downloads from a shared store what the local cache lacks. The store is
 * listed once; a pack is downloaded whole when it holds a key the cache lacks, a loose object
 * when its key is missing. Everything downloaded goes first to a scratch directory in the
 * function's directory and is checked (a pack against the whole-file hash in its index, which a
 * signing key covers; every record, as the local packer checks records, by key and function
 * inside its checksum); then the local packer merges it into a new pack, so nothing is visible
 * until it is whole, and a killed pull leaves only scratch, removed by the next one. Holds the
 * cache's maintenance lock; programs may read and write meanwhile.
 */
public final class SharedPull {

    private static final Logger LOG = LoggerFactory.getLogger(SharedPull.class);
    static final String SCRATCH_PREFIX = ".mppfc-pull-";

    /**
     * What one function's pull did.
     *
     * @param function the function's directory name
     * @param packs packs downloaded
     * @param looseObjects loose objects downloaded
     * @param records records the local cache gained
     * @param bytes bytes downloaded
     * @param refused objects that failed their checks (nothing of them was stored)
     * @param unread why the store could not be read for this function, which was then not pulled
     *        at all (the object and what the store said); null when it was read
     */
    public record Result(String function, long packs, long looseObjects, long records, long bytes, long refused,
            String unread) {

        /**
         * Whether this function was left out because the store failed to answer for one of its objects.
         *
         * @return whether {@link #unread()} says why
         */
        public boolean skipped() {
            return unread != null;
        }
    }

    /**
     * The store failed to give one object (a server error, a transport error, an object it cannot
     * read): that function is not pulled, the others are. Not damage: damage is refused and counted.
     */
    private static final class StoreUnreadable extends IOException {
        private static final long serialVersionUID = 1L;

        StoreUnreadable(String object, IOException cause) {
            // the store's own words (an S3 error code, an HTTP body): data, on one line wherever it is shown
            super("reading " + ShownText.line(object) + " failed: " + ShownText.line(io.mppfc.files.IoText.describe(cause)),
                    cause);
        }
    }

    /** The store's answer for one object, its failure a {@link StoreUnreadable} naming the object. */
    @FunctionalInterface
    private interface StoreRead<T> {
        T read() throws IOException;
    }

    private static <T> T fromStore(String object, StoreRead<T> read) throws IOException {
        try {
            return read.read();
        } catch (SharedStore.ObjectTooLargeException | StoreUnreadable e) {
            throw e; // too large is judged where it is read; the other names its object already
        } catch (IOException e) {
            throw new StoreUnreadable(object, e);
        }
    }

    private SharedPull() {
    }

    /**
     * Pulls every function of the store (or the one named) into {@code root}.
     *
     * @param root a cache root
     * @param store the shared store
     * @param only a function directory name, or null for every one
     * @param progress told what is planned and done
     * @return per function that the store holds, what was done
     * @throws IOException if the store or the cache fails, or another maintenance command runs
     */
    public static List<Result> pull(Path root, SharedStore store, String only, SharedProgress progress)
            throws IOException {
        return pull(() -> root, store, only, progress);
    }

    /** The cache root of a pull, made or checked only once the store has been listed. */
    @FunctionalInterface
    public interface Root {
        /**
         * The cache root, made if need be.
         *
         * @return the root
         * @throws IOException if it cannot be made, or is not a cache
         */
        Path open() throws IOException;
    }

    /**
     * As {@link #pull(Path, SharedStore, String, SharedProgress)}, with the root made or checked
     * only after the store answered its listing: a pull from a store that cannot be reached, or
     * refuses, leaves the local file system as it was.
     *
     * @param cacheRoot makes or checks the cache root
     * @param store the shared store
     * @param only a function directory name, or null for every one
     * @param progress told what is planned and done
     * @return per function that the store holds, what was done
     * @throws IOException if the store or the cache fails, or another maintenance command runs
     */
    public static List<Result> pull(Root cacheRoot, SharedStore store, String only, SharedProgress progress)
            throws IOException {
        Map<String, SharedListing.Function> remote = SharedListing.of(store.list(""));
        Path root = cacheRoot.open();
        return MaintenanceLock.holding(root, "pull", () -> {
            List<Result> results = new ArrayList<>();
            for (SharedListing.Function f : remote.values()) {
                boolean named = only == null || f.name().equals(only)
                        || io.mppfc.cache.CodeVersions.function(f.name()).equals(only);
                // a folder holding nothing of mppfc's (notes, another tool's objects, half-pushed packs) is not a function
                if (named && f.holdsEntries() && isOwnDirectory(root.resolve(f.name()), store)) {
                    try {
                        results.add(pullFunction(root, store, f, progress));
                    } catch (StoreUnreadable e) {
                        // one folder the store cannot give is no reason to leave the others
                        LOG.warn("did not pull {} from {}: {}; nothing of it was stored here, the other functions "
                                + "are pulled", ShownText.line(f.name()), ShownText.line(store.toString()),
                                ShownText.line(e.getMessage()));
                        results.add(new Result(f.name(), 0, 0, 0, 0, 0, e.getMessage()));
                    }
                }
            }
            return results;
        });
    }

    /**
     * Whether a function's directory is pull's to write: one that is not there yet (made then), or
     * a function directory. A file, a link or a directory of the user's own of that name is left
     * as it is, said once, and the pull goes on with the other functions.
     */
    private static boolean isOwnDirectory(Path function, SharedStore store) throws IOException {
        if (!Files.exists(function, LinkOption.NOFOLLOW_LINKS) || io.mppfc.cache.CacheMarker.isFunctionDirectory(function)) {
            return true;
        }
        LOG.warn("did not pull {} from {}: {} is there and is not an mppfc function directory (a file, a link, or a "
                + "directory of your own); move it away to pull that function", ShownText.line(function.getFileName()),
                ShownText.line(store), ShownText.line(function));
        return false;
    }

    private static Result pullFunction(Path root, SharedStore store, SharedListing.Function remote,
            SharedProgress progress) throws IOException {
        Path function = root.resolve(remote.name());
        if (!Files.isDirectory(function, LinkOption.NOFOLLOW_LINKS)) {
            FilePermissions.createDirectory(function); // a team's mode in a team's cache
        }
        CacheLayout.check(function, false);
        byte[] functionId = EntryFormat.functionId(function);
        Set<Long> local = SharedListing.localPrefixes(function);
        long maxBytes = Math.min(store.maxObjectBytes(), Runtime.getRuntime().maxMemory() / 4);
        // random, not a clock: a teammate's scratch, left by a pull killed on another host, is never this one
        Path scratch = function.resolve(SCRATCH_PREFIX + Nonces.hex(8));
        // the puller's alone, even in a team's cache: no one else can plant a link in what it deletes
        Files.createDirectory(scratch, FilePermissions.directory());
        long packs = 0;
        long refused = 0;
        long bytes = 0;
        try {
            removeScratch(function, scratch);
            List<Pack> incoming = new ArrayList<>();
            Map<String, Long> loose = new java.util.TreeMap<>();
            remote.looseKeys().forEach((key, size) -> {
                if (!local.contains(key.word(0))) {
                    loose.put(key.hex(), size);
                    progress.planned(size);
                }
            });
            // one index at a time, its pack fetched before the next is read: a bucket of many packs
            // pulls in the heap of its largest index, not of all of them (a pack, once checked, is a
            // mapped file, not heap); what the bar plans grows as the indexes are read
            for (String name : remote.indexedPacks()) {
                RemotePackIndex index = fromStore(RemotePacks.indexKey(remote.name(), name),
                        () -> RemotePacks.read(store, remote.name(), name, maxBytes));
                if (index == null) {
                    refused++;
                    continue;
                }
                if (SharedListing.allIn(index, local)) {
                    continue;
                }
                progress.planned(index.packSize());
                Path file = scratch.resolve(name);
                Pack pack = download(store, RemotePacks.packKey(remote.name(), name), file, index);
                progress.done(index.packSize());
                if (pack == null) {
                    refused++;
                    FileGate.deleteFile(file);
                    continue;
                }
                incoming.add(pack);
                SharedListing.addAll(index, local); // a later pack holding only these (two pushes of one cache) is not fetched
                packs++;
                bytes += index.packSize();
            }
            LooseDownload fetched = LooseDownload.into(scratch, store, remote.name(), loose, functionId, maxBytes, progress);
            incoming.addAll(fetched.packs());
            refused += fetched.refused();
            bytes += fetched.bytes();
            long records = 0;
            if (!incoming.isEmpty()) {
                records = Packer.pack(function, Set.of(), incoming).records();
            }
            return new Result(remote.name(), packs, fetched.objects(), records, bytes, refused, null);
        } finally {
            deleteTree(scratch);
        }
    }

    /** The pack downloaded and checked against its index's size and hash; null (warned) if it fails. */
    private static Pack download(SharedStore store, String key, Path file, RemotePackIndex index) throws IOException {
        try {
            if (!fromStore(key, () -> store.getFile(key, file, index.packSize()))) {
                return null; // collected meanwhile
            }
        } catch (SharedStore.ObjectTooLargeException e) {
            LOG.warn("ignored the pack {} in {}: {}", ShownText.line(key), ShownText.line(store.toString()),
                    ShownText.line(e.getMessage()));
            return null;
        }
        MessageDigest sha = Footprint.sha256();
        long size = 0;
        try (FileGate.Opened opened = FileGate.openRead(file, index.packSize())) {
            FileChannel channel = opened.channel();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            for (int r; (r = channel.read(buffer.clear())) >= 0;) {
                sha.update(buffer.array(), 0, r);
                size += r;
            }
        }
        if (size != index.packSize() || !index.isPackHash(sha.digest())) {
            LOG.warn("ignored the pack {} in {}: it does not match its index (replaced, damaged, or another pack); "
                    + "nothing of it was stored", ShownText.line(key), ShownText.line(store.toString()));
            return null;
        }
        try {
            return Pack.open(file);
        } catch (CorruptEntryException e) {
            LOG.warn("ignored the pack {} in {}: {}", ShownText.line(key), ShownText.line(store.toString()),
                    ShownText.line(e.getMessage()));
            return null;
        }
    }

    /**
     * Scratch of pulls that died: this one holds the cache's lock, so no other pull is writing any.
     * Only this user's own is removed: a teammate's is owner-only, so this user could not remove
     * it (and would fail the pull trying), and root leaves it to its owner too. A teammate's next
     * pull removes it.
     */
    private static void removeScratch(Path function, Path own) throws IOException {
        java.nio.file.attribute.UserPrincipal me = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
        try (var stale = Files.newDirectoryStream(function, SCRATCH_PREFIX + "*")) {
            for (Path dir : stale) {
                if (dir.equals(own)) {
                    continue;
                }
                if (!me.equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
                    LOG.debug("left {}, a teammate's pull scratch, to its owner", ShownText.line(dir.toString()));
                    continue;
                }
                try {
                    deleteTree(dir);
                } catch (IOException e) {
                    LOG.warn("cannot remove {}, left by a pull that died: {}; remove it by hand",
                            ShownText.line(dir.toString()), ShownText.line(io.mppfc.files.IoText.describe(e)));
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        FileGate.deleteTree(dir);
    }

    /** The loose objects of one function, checked and gathered into packs in the scratch directory. */
    record LooseDownload(List<Pack> packs, long objects, long refused, long bytes) {

        static LooseDownload into(Path scratch, SharedStore store, String function, Map<String, Long> sizes,
                byte[] functionId, long maxBytes, SharedProgress progress) throws IOException {
            List<String> hexKeys = new ArrayList<>(sizes.keySet());
            List<Pack> packs = new ArrayList<>();
            long[] counts = new long[3];
            PackWriter[] writer = {null};
            Object lock = new Object();
            try {
                InParallel.forEach(hexKeys, hex -> {
                    CacheKey key = CacheKey.ofHex(hex);
                    byte[] bytes;
                    try {
                        bytes = fromStore(function + "/" + hex, () -> store.get(function + "/" + hex, maxBytes));
                    } catch (SharedStore.ObjectTooLargeException e) {
                        bytes = null;
                    }
                    progress.done(sizes.get(hex));
                    if (bytes == null) {
                        return;
                    }
                    try {
                        EntryFormat.parse(bytes, bytes.length, key, functionId);
                    } catch (CorruptEntryException e) {
                        LOG.warn("ignored the shared entry {}/{} in {}: {}", ShownText.line(function), hex,
                                ShownText.line(store.toString()), ShownText.line(e.getMessage()));
                        synchronized (lock) {
                            counts[1]++;
                        }
                        return;
                    }
                    synchronized (lock) {
                        if (writer[0] != null && writer[0].sizeWith(bytes.length) > Pack.MAX_SIZE) {
                            packs.add(opened(writer[0].finish()));
                            writer[0] = null;
                        }
                        if (writer[0] == null) {
                            writer[0] = new PackWriter(scratch, 1);
                        }
                        writer[0].add(key, bytes);
                        counts[0]++;
                        counts[2] += bytes.length;
                    }
                });
                if (writer[0] != null) {
                    packs.add(opened(writer[0].finish()));
                    writer[0] = null;
                }
            } finally {
                if (writer[0] != null) {
                    writer[0].close();
                }
            }
            return new LooseDownload(packs, counts[0], counts[1], counts[2]);
        }

        private static Pack opened(Path written) throws IOException {
            try {
                return Pack.open(written);
            } catch (CorruptEntryException e) {
                throw new IllegalStateException("a pack of checked entries did not open", e);
            }
        }
    }
}
