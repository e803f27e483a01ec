package io.mppfc.cache;

import io.mppfc.SharedStore;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
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
 * by the store before it reads the body), and be the key's: an entry of format 4 names its key
 * and function directory inside its checksummed bytes, an older one must hold arguments that hash
 * to the key, and arguments it holds must hash to the key whatever its format. So an object copied
 * from another key is a miss, and one uploaded without its arguments
 * ({@link SharedStore#uploadsArguments()}) is still checked. It is then stored locally as any
 * entry (temp file, rename) and read back through the local lookup, which decodes it under the
 * allow-list and the result type; a read-only cache decodes it in memory and stores nothing. A
 * store that fails or does not answer within its lookup timeout is not asked again for
 * {@link #BACK_OFF}: the run goes on with the local cache, and says so once.
 */
public final class SharedTier {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTier.class);
    static final Duration BACK_OFF = Duration.ofSeconds(30);
    /** Lookups at once; more are misses rather than threads piling up behind a slow store. */
    private static final int MAX_LOOKUPS = 16;
    /** Where failure records are, beside the entries: {@code <function>@<code version>/failures/<hex>}. */
    public static final String FAILURES = "failures/";

    private final SharedStore store;
    private final String functionDirectory;
    private final Function<byte[], CacheKey> keyOfFootprint;
    private final byte[] functionId;
    private final long timeoutNanos;
    private final long maxObjectBytes;
    private final ThreadPoolExecutor lookups;
    private final SharedUploads uploads;
    private final Availability availability;
    /** What this process has yet to upload, on disk for the next run; null for a read-only cache. */
    private final PendingUploads pending;
    /** The bytes of a key's failure record as uploaded, once the records are shared ({@link #shareFailures}). */
    private volatile Function<CacheKey, Callable<byte[]>> failureRecords;

    /**
     * @param store the shared store
     * @param cache the function's local cache (a read-only one uploads nothing and stores nothing)
     * @param functionDirectory the function's directory name ({@code <function>@<code version>}),
     *     the first part of its objects' keys
     * @param keyOfFootprint the key of the arguments whose footprint is given
     */
    public SharedTier(SharedStore store, DiskCache cache, String functionDirectory,
            Function<byte[], CacheKey> keyOfFootprint) {
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
        this.uploads = new SharedUploads(store, availability);
        this.pending = cache.isReadOnly() ? null : new PendingUploads(cache.directory());
    }

    /** The store, as it names itself (bucket and endpoint, never a secret): what a miss says it asked too. */
    @Override
    public String toString() {
        return store.toString();
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

    private String failureKey(CacheKey key) {
        return functionDirectory + "/" + FAILURES + key.hex();
    }

    /**
     * Asks the store for the key's entry and, if it has a valid one, stores it in {@code cache}.
     *
     * @return whether an entry was stored (or was there already)
     */
    boolean fetch(CacheKey key, DiskCache cache) throws IOException {
        byte[] object = availability.available() ? get(objectKey(key), maxObjectBytes) : null;
        EntryFormat.Parsed parsed = object == null ? null : checked(key, object);
        if (parsed == null) {
            return false;
        }
        int payloadAt = object.length - EntryFormat.TRAILER - parsed.payload().remaining();
        try {
            cache.writes().storeFetched(key, Arrays.copyOf(object, payloadAt), parsed.payload());
        } catch (CodecException e) {
            throw new IllegalStateException("a checked entry was refused by the writer", e);
        }
        return decodes(key, cache);
    }

    /**
     * The key's entry in the store, checked and held in memory: what a read-only cache reads, as
     * it may store nothing. Its value is decoded by the caller, who takes a failure to decode for
     * a miss ({@link #refused}).
     *
     * @return the checked entry, or null
     */
    EntryFormat.Parsed fetchInMemory(CacheKey key) {
        byte[] object = availability.available() ? get(objectKey(key), maxObjectBytes) : null;
        return object == null ? null : checked(key, object);
    }

    /** The object parsed as the key's entry, or null (said at WARN) if it is not one. */
    private EntryFormat.Parsed checked(CacheKey key, byte[] object) {
        EntryFormat.Parsed parsed;
        try {
            // format 4 names its key and its function directory (code version included) inside the checksum
            parsed = EntryFormat.parse(object, object.length, key, functionId);
        } catch (CorruptEntryException e) {
            refused(key, e.getMessage());
            return null;
        }
        byte[] footprint = parsed.footprint();
        boolean keyBound = parsed.version() >= 4;
        if (footprint.length == 0 ? !keyBound : !keyOfFootprint.apply(footprint).equals(key)) {
            refused(key, keyBound ? "it holds the arguments of another key"
                    : "it is of an older format that names no key, and holds no arguments or another key's");
            return null;
        }
        return parsed;
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
            Quarantine.move(cache.directory(), cache.entryPath(key), "fetched from the shared store " + store
                    + ": " + e.getMessage());
            return false;
        }
    }

    private byte[] get(String objectKey, long maxBytes) {
        Future<byte[]> answer;
        try {
            answer = lookups.submit(() -> store.get(objectKey, maxBytes));
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
                LOG.warn("ignored the shared object {} in {}: {}", ShownText.line(objectKey), ShownText.line(store),
                        ShownText.line(tooLarge.getMessage()));
            } else {
                availability.failed(String.valueOf(e.getCause().getMessage()));
            }
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * Says why the store's object of the key is not taken; it is computed again here.
     *
     * @return false, a miss
     */
    boolean refused(CacheKey key, String reason) {
        LOG.warn("ignored the shared entry {} in {}: {} (a miss: the value is not taken from the store)",
                ShownText.line(objectKey(key)), ShownText.line(store), ShownText.line(reason));
        return false;
    }

    /** Uploads the entry of the key, as it is now in {@code cache}, in the background. */
    void uploadLater(CacheKey key, DiskCache cache) {
        Path entry = cache.entryPath(key);
        queue(objectKey(key), key.hex() + PendingUploads.ENTRY, () -> SharedEntries.forUpload(entry, cache.packs(), key,
                functionId, keyOfFootprint, store.uploadsArguments(), maxObjectBytes));
    }

    private void queue(String objectKey, String pendingName, Callable<byte[]> bytes) {
        if (pending != null) {
            pending.add(pendingName);
        }
        uploads.add(objectKey, bytes, () -> {
            if (pending != null) {
                pending.remove(pendingName);
            }
        });
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
     * Shares the function's failure records: a record written here is uploaded by
     * {@link #uploadFailureLater}, and a local miss asks the store ({@link #fetchFailure}). Then
     * queues again what an earlier run of this function left not uploaded (it exited before its
     * uploads were done, or the store was unavailable).
     *
     * @param recordBytes the bytes of a key's failure record as uploaded (the record checked, and
     *     without its arguments unless {@link #uploadsArguments()})
     * @param cache the function's local cache
     */
    public void shareFailures(Function<CacheKey, Callable<byte[]>> recordBytes, DiskCache cache) {
        this.failureRecords = recordBytes;
        if (pending == null) {
            return;
        }
        for (String name : pending.left()) {
            if (name.endsWith(PendingUploads.FAILURE)) {
                CacheKey key = CacheKey.ofHex(name.substring(0, name.length() - PendingUploads.FAILURE.length()));
                queue(failureKey(key), name, recordBytes.apply(key));
            } else {
                uploadLater(CacheKey.ofHex(name.substring(0, name.length() - PendingUploads.ENTRY.length())), cache);
            }
        }
    }

    /**
     * Whether uploaded objects hold their arguments ({@link SharedStore#uploadsArguments()}).
     *
     * @return false if arguments are kept out of the store
     */
    public boolean uploadsArguments() {
        return store.uploadsArguments();
    }

    /**
     * Uploads the key's failure record in the background.
     *
     * @param key the key whose call failed
     */
    public void uploadFailureLater(CacheKey key) {
        Function<CacheKey, Callable<byte[]>> records = failureRecords;
        if (records != null) {
            queue(failureKey(key), key.hex() + PendingUploads.FAILURE, records.apply(key));
        }
    }

    /**
     * The store's failure record of the key, unchecked: the caller checks it as a local record.
     *
     * @param key a key without a local record
     * @param maxBytes the largest record read
     * @return its bytes, or null if the store has none or is unavailable
     */
    public byte[] fetchFailure(CacheKey key, int maxBytes) {
        return availability.available() ? get(failureKey(key), Math.min(maxBytes, maxObjectBytes)) : null;
    }

    /**
     * Says that the store's failure record of the key is not taken.
     *
     * @param key the key
     * @param reason why
     */
    public void refusedFailure(CacheKey key, String reason) {
        LOG.warn("ignored the shared failure record {} in {}: {}", ShownText.line(failureKey(key)), ShownText.line(store),
                ShownText.line(reason));
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

    /**
     * What could not be uploaded to a store in this process, over all functions and flushes: what
     * a command reports at its end.
     *
     * @param store a store
     * @return how many results or failure records were not uploaded, and the last reason
     */
    public static NotUploaded notUploaded(SharedStore store) {
        return Availability.of(store).notUploaded();
    }

    /**
     * Results (and failure records) not uploaded: they stay in the local cache, and the next run
     * with the store, or {@code mppfc push}, uploads them.
     *
     * @param count how many
     * @param reason the last reason, or null if none
     */
    public record NotUploaded(long count, String reason) {
    }
}
