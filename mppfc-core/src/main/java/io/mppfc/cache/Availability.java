package io.mppfc.cache;

import io.mppfc.SharedStore;
import io.mppfc.text.ShownText;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a shared store is worth asking: after a failure it is not asked for
 * {@link SharedTier#BACK_OFF}, and the first failure of a run is said once, at WARN. One per
 * store, whatever the number of functions that share it; it also counts what this process could
 * not upload to the store ({@link SharedTier#notUploaded}).
 */
final class Availability {

    private static final java.util.Map<SharedStore, Availability> OF_STORE =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static final Logger LOG = LoggerFactory.getLogger(SharedTier.class);

    private final SharedStore store;
    private final AtomicBoolean said = new AtomicBoolean();
    private volatile long unavailableUntil;
    private volatile boolean failedOnce;
    private final AtomicBoolean uploadsSaid = new AtomicBoolean();
    private volatile long uploadsUnavailableUntil;
    private volatile boolean uploadsFailedOnce;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong notUploaded = new AtomicLong();
    private volatile String lastReason;

    private Availability(SharedStore store) {
        this.store = store;
    }

    /**
     * The availability of this store (by identity: an S3Store does not override equals). The
     * builder wraps the user's store for lookups in its packs; the tally is the store's, so that
     * a caller holding the store it gave (the command line's prewarm) reads what the run counted.
     */
    static Availability of(SharedStore store) {
        SharedStore own = store instanceof io.mppfc.cache.pack.PackedLookups p ? p.underlying() : store;
        return OF_STORE.computeIfAbsent(own, Availability::new);
    }

    boolean available() {
        return !failedOnce || System.nanoTime() - unavailableUntil >= 0;
    }

    void failed(String reason) {
        unavailableUntil = System.nanoTime() + SharedTier.BACK_OFF.toNanos();
        failedOnce = true;
        if (said.compareAndSet(false, true)) {
            LOG.warn("the shared store {} is unavailable ({}); this run goes on with the local cache and asks it again "
                    + "every {} s", ShownText.line(store), ShownText.line(reason), SharedTier.BACK_OFF.toSeconds());
        }
    }

    /** Whether uploads are worth trying: the store is not failing lookups, nor refusing uploads lately. */
    boolean uploadsAvailable() {
        return available() && (!uploadsFailedOnce || System.nanoTime() - uploadsUnavailableUntil >= 0);
    }

    /**
     * Uploads failed after their retries: uploads back off, lookups do not, since a store may
     * serve reads to credentials it refuses writes to (read-only credentials, as the README
     * suggests for machines whose results are not trusted).
     */
    void uploadsFailed(String reason) {
        uploadsUnavailableUntil = System.nanoTime() + SharedTier.BACK_OFF.toNanos();
        uploadsFailedOnce = true;
        if (uploadsSaid.compareAndSet(false, true)) {
            LOG.warn("uploads to the shared store {} fail ({}); this run keeps its results in the local cache and tries "
                    + "again every {} s", ShownText.line(store), ShownText.line(reason), SharedTier.BACK_OFF.toSeconds());
        }
    }

    void queued() {
        waiting.incrementAndGet();
    }

    /** An upload is over: done, or not ({@code failure} says why). */
    void uploadDone(String failure) {
        waiting.decrementAndGet();
        if (failure != null) {
            lastReason = failure;
            notUploaded.incrementAndGet();
        }
    }

    /** What was not uploaded, and what is still waiting (not uploaded yet). */
    SharedTier.NotUploaded notUploaded() {
        long still = waiting.get();
        return new SharedTier.NotUploaded(notUploaded.get() + still,
                still > 0 && lastReason == null ? "still waiting to be uploaded" : lastReason);
    }
}
