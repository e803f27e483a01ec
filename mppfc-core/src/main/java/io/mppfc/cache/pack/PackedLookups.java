package io.mppfc.cache.pack;

import io.mppfc.SharedStore;
import io.mppfc.cache.CacheKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shared store whose entries may also be in packs ({@code mppfc push}): a lookup of an entry
 * that is not a loose object of its own is answered from the function's packs in the store,
 * through their indexes ({@link RemotePacks}), and then checked by the shared tier as any object.
 * Every other call goes to the store as it is. A store that cannot list or read ranges is asked
 * for loose objects only.
 */
public final class PackedLookups implements SharedStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PackedLookups.class);


    private static final Pattern ENTRY = Pattern.compile("([^/]+)/([0-9a-f]{64})");

    private final SharedStore store;
    private final Map<String, RemotePacks> packs = new ConcurrentHashMap<>();
    private volatile boolean unsupported;
    /** The largest index or record read, and the most bytes of indexes held for all functions together. */
    private final long bound;
    private final java.util.concurrent.atomic.AtomicLong indexRoom;

    private PackedLookups(SharedStore store) {
        this.store = store;
        this.bound = Math.min(store.maxObjectBytes(), Runtime.getRuntime().maxMemory() / 4);
        this.indexRoom = new java.util.concurrent.atomic.AtomicLong(bound);
    }

    /**
     * The store, answering lookups of packed entries too.
     *
     * @param store a shared store
     * @return it, with lookups in its packs
     */
    public static SharedStore over(SharedStore store) {
        return store instanceof PackedLookups ? store : new PackedLookups(store);
    }

    /** The store it looks in: what a run's tally of uploads and availability belongs to. */
    public SharedStore underlying() {
        return store;
    }

    @Override
    public byte[] get(String key, long maxBytes) throws IOException {
        byte[] loose = store.get(key, maxBytes);
        Matcher entry = ENTRY.matcher(key);
        if (loose != null || unsupported || !entry.matches()) {
            return loose;
        }
        RemotePacks function = packs.computeIfAbsent(entry.group(1),
                name -> new RemotePacks(store, name, bound, RemotePacks.REFRESH, indexRoom));
        try {
            byte[] packed = function.entry(CacheKey.ofHex(entry.group(2)), store.lookupTimeout().toNanos() / 2);
            return packed == null || packed.length > maxBytes ? null : packed;
        } catch (UnsupportedOperationException e) {
            unsupported = true;
            return null;
        } catch (IOException e) {
            // the store answered the loose lookup, so it is there: its packs cannot be read now
            // (a listing refused or failed), which makes this a miss, not an unavailable store
            LOG.debug("the packs of {} in {} cannot be looked in: {}", entry.group(1), store, e.toString());
            return null;
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        store.put(key, bytes);
    }

    @Override
    public Duration lookupTimeout() {
        return store.lookupTimeout();
    }

    @Override
    public long maxObjectBytes() {
        return store.maxObjectBytes();
    }

    @Override
    public boolean uploadsArguments() {
        return store.uploadsArguments();
    }

    @Override
    public List<Listed> list(String keyPrefix) throws IOException {
        return store.list(keyPrefix);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return store.getRange(key, offset, length);
    }

    @Override
    public void putFile(String key, Path file) throws IOException {
        store.putFile(key, file);
    }

    @Override
    public boolean getFile(String key, Path target, long maxBytes) throws IOException {
        return store.getFile(key, target, maxBytes);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    /** The store's own description: messages name the store, not this wrapper. */
    @Override
    public String toString() {
        return store.toString();
    }
}
