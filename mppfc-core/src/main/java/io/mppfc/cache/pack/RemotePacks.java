package io.mppfc.cache.pack;

import io.mppfc.SharedStore;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFormat;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packs of one function in a shared store, for lookups: their indexes are listed and read
 * once (again after {@link #REFRESH}, reading only new ones), then a lookup costs one ranged read
 * of the record. Remote objects are {@code <function>/packs/<pack name>} and its index
 * {@code <function>/packs/<pack name>.idx}, uploaded last. A damaged or foreign index, or a
 * record that fails its checks or cannot be read, is said once and passed over: the key is
 * looked for in the other packs, and is a miss only if none has it, never a wrong value.
 */
public final class RemotePacks {

    private static final Logger LOG = LoggerFactory.getLogger(RemotePacks.class);
    /** The folder of a function's packs in the store. */
    public static final String FOLDER = "packs/";
    /** What an index object's key ends with. */
    public static final String INDEX_SUFFIX = ".idx";
    /** A run sees packs pushed meanwhile after this long. */
    static final java.time.Duration REFRESH = java.time.Duration.ofMinutes(1);

    private final SharedStore store;
    private final String functionDirectory;
    private final byte[] functionId;
    private final long maxBytes;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final long refreshNanos;
    /** Bytes of indexes that may still be held: a bucket's indexes are the store's to size, the heap is the run's. */
    private final java.util.concurrent.atomic.AtomicLong room;
    private CompletableFuture<Map<String, RemotePackIndex>> loading;
    private long loadedAt;
    /**
     * The indexes of the last listing that was read whole: what lookups answer from while a
     * refresh is under way or after one failed. Null until the first is read.
     */
    private volatile Map<String, RemotePackIndex> known;

    /**
     * The packs of one function in {@code store}, not read until the first lookup.
     *
     * @param store the shared store
     * @param functionDirectory the function's directory name, its objects' first part
     * @param maxBytes the largest index or record read, and the most bytes of indexes held together
     */
    public RemotePacks(SharedStore store, String functionDirectory, long maxBytes) {
        this(store, functionDirectory, maxBytes, REFRESH, new java.util.concurrent.atomic.AtomicLong(maxBytes));
    }

    /**
     * As {@link #RemotePacks(SharedStore, String, long)}, listing the packs again {@code refresh}
     * after the last listing began, and holding indexes only while {@code room} lasts.
     *
     * @param store the shared store
     * @param functionDirectory the function's directory name, its objects' first part
     * @param maxBytes the largest index or record read
     * @param refresh how long a listing is used before the next is made
     * @param room the bytes of indexes that may still be held, shared by the functions of one store:
     *     an index read takes its size from it, one no longer listed gives it back
     */
    public RemotePacks(SharedStore store, String functionDirectory, long maxBytes, java.time.Duration refresh,
            java.util.concurrent.atomic.AtomicLong room) {
        this.store = store;
        this.functionDirectory = functionDirectory;
        this.functionId = EntryFormat.functionId(java.nio.file.Path.of(functionDirectory));
        this.maxBytes = maxBytes;
        this.refreshNanos = refresh.toNanos();
        this.room = room;
    }

    /** The key of a pack of {@code functionDirectory} in the store. */
    public static String packKey(String functionDirectory, String packName) {
        return functionDirectory + "/" + FOLDER + packName;
    }

    /** The key of a pack's index in the store. */
    public static String indexKey(String functionDirectory, String packName) {
        return packKey(functionDirectory, packName) + INDEX_SUFFIX;
    }

    /**
     * The checked entry of {@code key} from the packs in the store, as a loose file holds it; null
     * if none has it, or the first listing's indexes are not read yet within {@code waitNanos}
     * (later listings are not waited for: the indexes read before answer meanwhile).
     *
     * @throws IOException if the store fails
     */
    public byte[] entry(CacheKey key, long waitNanos) throws IOException {
        CompletableFuture<Map<String, RemotePackIndex>> listing = indexes();
        Map<String, RemotePackIndex> indexes = known;
        try {
            if (indexes == null || (listing.isDone() && !listing.isCompletedExceptionally())) {
                // only the first listing is waited for: a refresh under way, or one that failed,
                // leaves the packs known before to answer, never a miss of what the run had found
                indexes = listing.get(indexes == null ? waitNanos : 0, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return null; // still reading them: this lookup misses, a later one finds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r; // UnsupportedOperationException: the store cannot list
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
        for (Map.Entry<String, RemotePackIndex> e : indexes.entrySet()) {
            RemotePackIndex index = e.getValue();
            for (int i = index.first(key); i >= 0 && i < index.count() && index.prefix(i) == key.word(0); i++) {
                if (index.length(i) > maxBytes) {
                    continue;
                }
                String pack = packKey(functionDirectory, e.getKey());
                byte[] record;
                try {
                    record = store.getRange(pack, index.offset(i), index.length(i));
                } catch (IOException unreadable) {
                    // this pack (cut short, replaced, refused): the key may be in another one
                    warnOnce(pack, unreadable.getMessage());
                    continue;
                }
                if (record == null) {
                    continue; // collected meanwhile
                }
                try {
                    return index.checkedEntry(i, record, key, functionId);
                } catch (CorruptEntryException damage) {
                    warnOnce(pack, damage.getMessage());
                }
            }
        }
        return null;
    }

    private synchronized CompletableFuture<Map<String, RemotePackIndex>> indexes() {
        long now = System.nanoTime();
        // a listing that failed is tried again no sooner than a good one is refreshed: every lookup
        // meanwhile would otherwise send a listing of its own
        boolean stale = loading != null && loading.isDone() && now - loadedAt >= refreshNanos;
        if (loading == null || stale) {
            Map<String, RemotePackIndex> before = known == null ? Map.of() : known;
            loadedAt = now;
            loading = CompletableFuture.supplyAsync(() -> load(before), runnable -> {
                Thread t = new Thread(runnable, "mppfc-shared-pack-indexes");
                t.setDaemon(true);
                t.start();
            });
        }
        return loading;
    }

    private Map<String, RemotePackIndex> load(Map<String, RemotePackIndex> known) {
        try {
            Map<String, RemotePackIndex> indexes = new HashMap<>();
            for (String name : indexedPacks(store.list(functionDirectory + "/" + FOLDER))) {
                RemotePackIndex index = known.get(name);
                if (index == null) {
                    try {
                        index = held(read(store, functionDirectory, name, Math.min(maxBytes, room.get()), this::warnOnce),
                                name);
                    } catch (IOException unreadable) {
                        // one index the store would not give (cut short, refused) hides only its own pack
                        warnOnce(indexKey(functionDirectory, name), unreadable.getMessage());
                    }
                }
                if (index != null) {
                    indexes.put(name, index);
                }
            }
            known.forEach((name, gone) -> {
                if (!indexes.containsKey(name)) {
                    room.addAndGet(RemotePackIndex.sizeOf(gone.count()));
                }
            });
            this.known = indexes;
            return indexes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The index, if there is still room to hold it; else null, said once. */
    private RemotePackIndex held(RemotePackIndex index, String name) {
        if (index == null) {
            return null;
        }
        long size = RemotePackIndex.sizeOf(index.count());
        if (room.getAndUpdate(left -> left >= size ? left - size : left) < size) {
            warnOnce(indexKey(functionDirectory, name), "the pack indexes this run holds would pass the " + maxBytes
                    + " bytes allowed them (a quarter of the heap, or the store's bound); its pack is not looked in");
            return null;
        }
        return index;
    }

    /** The names of the packs whose index a listing of a function's pack folder holds. */
    public static List<String> indexedPacks(List<SharedStore.Listed> listed) {
        return listed.stream().map(SharedStore.Listed::key).filter(k -> k.endsWith(INDEX_SUFFIX))
                .map(k -> k.substring(k.lastIndexOf('/') + 1, k.length() - INDEX_SUFFIX.length()))
                .filter(n -> PackSet.NAME.matcher(n).matches()).toList();
    }

    /** A damaged or foreign object, said once per run. */
    interface Damage {
        void found(String object, String reason);
    }

    /**
     * A pack's index from the store, or null if it is gone, too large or not a valid index
     * (said through {@code damage}).
     */
    static RemotePackIndex read(SharedStore store, String functionDirectory, String packName, long maxBytes,
            Damage damage) throws IOException {
        String key = indexKey(functionDirectory, packName);
        byte[] bytes;
        try {
            bytes = store.get(key, maxBytes);
        } catch (SharedStore.ObjectTooLargeException e) {
            damage.found(key, e.getMessage());
            return null;
        }
        if (bytes == null) {
            return null;
        }
        try {
            return RemotePackIndex.parse(bytes);
        } catch (CorruptEntryException e) {
            damage.found(key, e.getMessage());
            return null;
        }
    }

    /**
     * As {@link #read}, warning about damage.
     *
     * @return the index, or null
     * @throws IOException if the store fails
     */
    public static RemotePackIndex read(SharedStore store, String functionDirectory, String packName, long maxBytes)
            throws IOException {
        return read(store, functionDirectory, packName, maxBytes, (object, reason) -> LOG.warn(
                "ignored the pack index {} in {}: {}", ShownText.line(object), ShownText.line(store.toString()),
                ShownText.line(reason)));
    }

    private void warnOnce(String object, String reason) {
        if (warned.add(object)) {
            // the store's words (an error code, an HTTP body) and its keys are data: one line, escaped
            LOG.warn("ignored {} in the shared store {}: {} (what it holds is computed again here)",
                    ShownText.line(object), ShownText.line(store.toString()), ShownText.line(reason));
        }
    }
}
