package io.mppfc.cache;

import io.mppfc.SharedStore;
import io.mppfc.cache.codec.CodecException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store behind one function's local cache: a local miss asks it for the same key, and
 * results computed here are uploaded to it in the background ({@link SharedUploads}).
 *
 * <p>An object is believed only as far as a local entry is: it must parse as an entry (header,
 * sizes, checksum: {@link EntryFormat#parse}), be no larger than {@link #maxObjectBytes} (checked
 * by the store before it reads the body), and carry the footprint of arguments that hash to the
 * key asked for, so an object copied from another key is a miss. It is then stored locally as
 * any entry (temp file, rename) and read back through the local lookup, which decodes it under
 * the allow-list and the result type. A store that fails or does not answer within its lookup
 * timeout is not asked again for {@link #BACK_OFF}: the run goes on with the local cache, and
 * says so once.
 */
public final class SharedTier {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTier.class);
    static final Duration BACK_OFF = Duration.ofSeconds(30);
    /** Lookups at once; more are misses rather than threads piling up behind a slow store. */
    private static final int MAX_LOOKUPS = 16;

    private final SharedStore store;
    private final String functionDirectory;
    private final Function<byte[], CacheKey> keyOfFootprint;
    private final byte[] functionId;
    private final long timeoutNanos;
    private final long maxObjectBytes;
    private final ThreadPoolExecutor lookups;
    private final SharedUploads uploads;
    private final Availability availability;

    /**
     * @param store the shared store
     * @param functionDirectory the function's directory name ({@code <function>@<code version>}),
     *     the first part of its objects' keys
     * @param keyOfFootprint the key of the arguments whose footprint is given
     */
    public SharedTier(SharedStore store, String functionDirectory, Function<byte[], CacheKey> keyOfFootprint) {
        this.store = store;
        this.functionDirectory = functionDirectory;
        this.keyOfFootprint = keyOfFootprint;
        this.functionId = EntryFormat.functionId(java.nio.file.Path.of(functionDirectory));
        Duration timeout = store.lookupTimeout();
        this.timeoutNanos = timeout.toNanos();
        this.maxObjectBytes = Math.min(store.maxObjectBytes(), Runtime.getRuntime().maxMemory() / 4);
        this.lookups = new ThreadPoolExecutor(0, MAX_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("mppfc-shared-lookup"));
        this.availability = Availability.of(store);
        this.uploads = new SharedUploads(store, availability, maxObjectBytes);
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    String objectKey(CacheKey key) {
        return functionDirectory + "/" + key.hex();
    }

    /**
     * Asks the store for the key's entry and, if it has a valid one, stores it in {@code cache}.
     *
     * @return whether an entry was stored (or was there already)
     */
    boolean fetch(CacheKey key, DiskCache cache) throws IOException {
        if (!availability.available()) {
            return false;
        }
        byte[] object = get(objectKey(key));
        if (object == null) {
            return false;
        }
        EntryFormat.Parsed parsed;
        try {
            // format 4 names its key and its function directory (code version included) inside the checksum
            parsed = EntryFormat.parse(object, object.length, key, functionId);
        } catch (CorruptEntryException e) {
            return refused(key, e.getMessage());
        }
        if (parsed.footprint().length == 0 || !keyOfFootprint.apply(parsed.footprint()).equals(key)) {
            return refused(key, "it holds no arguments, or the arguments of another key");
        }
        int payloadAt = object.length - EntryFormat.TRAILER - parsed.payload().remaining();
        try {
            cache.storeFetched(key, Arrays.copyOf(object, payloadAt), parsed.payload());
        } catch (CodecException e) {
            throw new IllegalStateException("a checked entry was refused by the writer", e);
        }
        return decodes(key, cache);
    }

    /**
     * Reads the fetched entry back as the caller will: damage or a value that is not the result
     * type is quarantined by the read itself; a class outside the allow-list, which in a local
     * entry is the caller's error to fix, is here only what the bucket's writer chose, so it is
     * quarantined too and the value computed again. A remote hit thus decodes twice; it also
     * waited for the network.
     */
    private boolean decodes(CacheKey key, DiskCache cache) throws IOException {
        try {
            return cache.read(key) != null;
        } catch (io.mppfc.cache.codec.ClassNotAllowedException e) {
            DiskCache.quarantine(cache.directory(), cache.entryPath(key), "fetched from the shared store " + store
                    + ": " + e.getMessage());
            return false;
        }
    }

    private byte[] get(String objectKey) {
        Future<byte[]> answer;
        try {
            answer = lookups.submit(() -> store.get(objectKey, maxObjectBytes));
        } catch (RejectedExecutionException e) {
            return null; // as many lookups as allowed are waiting for the store already
        }
        try {
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            availability.failed("no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SharedStore.ObjectTooLargeException tooLarge) {
                LOG.warn("ignored the shared entry {} in {}: {}", objectKey, store, tooLarge.getMessage());
            } else {
                availability.failed(String.valueOf(e.getCause().getMessage()));
            }
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private boolean refused(CacheKey key, String reason) {
        LOG.warn("ignored the shared entry {} in {}: {} (it is computed again here)", objectKey(key), store, reason);
        return false;
    }

    /** Uploads the entry of the key, as it is now in {@code cache}, in the background. */
    void uploadLater(CacheKey key, DiskCache cache) {
        uploads.add(objectKey(key), cache.entryPath(key));
    }

    /**
     * Uploads, in the background, the entry a worker stored for the key, once it is in place:
     * the coordinator uploads, so workers need no credentials.
     *
     * @param key the key a worker reported done
     * @param cache the cache it stored the entry in
     */
    public void uploadComputedElsewhere(CacheKey key, DiskCache cache) {
        uploadLater(key, cache);
    }

    /**
     * Waits up to {@code bound} for the uploads queued so far, and says at WARN what could not be
     * uploaded (it stays in the local cache).
     *
     * @param bound the longest wait
     * @return how many entries were not uploaded since the last flush
     */
    public int flush(Duration bound) {
        return uploads.flush(bound);
    }
}
