package io.mppfc.worker;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryBatch;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Stores results into the cache directory: the small new entries the reporter holds as one
 * batch pack ({@link EntryBatch}, one created file for up to {@link Reporter#MOST_PENDING}
 * results), the rest one file each. DONE follows either only once the entry is in place.
 */
final class CacheResults implements ResultStore {

    private final DiskCache cache;
    /** What the next publication puts in place, or null; the reporter's thread only. */
    private EntryBatch batch;
    /** The jobs of {@link #batch}, in order. */
    private final List<Messages.Job> held = new ArrayList<>();
    /** The jobs whose entry {@link #publishHeld} put in place; the reporter's thread only. */
    private final Set<Messages.Job> stored = Collections.newSetFromMap(new IdentityHashMap<>());

    CacheResults(DiskCache cache) {
        this.cache = cache;
    }

    @Override
    public Offer hold(Reporter.Computed computed) {
        if (batch == null) {
            batch = cache.batch();
        }
        int before = batch.size();
        try {
            if (!batch.add(CacheKey.of(computed.job().key()), computed.value(), Duration.ofNanos(computed.nanos()),
                    computed.job().arguments(), computed.job().absent())) {
                return Offer.NOT_HELD;
            }
        } catch (Exception | StackOverflowError e) {
            return Offer.NOT_HELD; // store() encodes it again, alone, and reports what fails
        }
        if (batch.size() <= before) {
            stored.add(computed.job()); // a large entry, written loose at once
            return Offer.NOT_HELD;
        }
        held.add(computed.job());
        return Offer.HELD;
    }

    /** A batch of one costs a created file, as a loose entry does: it is written loose, by store(). */
    @Override
    public void publishHeld() {
        EntryBatch publishing = batch;
        batch = null;
        try {
            if (held.size() >= 2) {
                publishing.publish();
                stored.addAll(held);
            }
        } catch (IOException e) {
            // none of the batch is in place: store() writes each alone and reports what fails
        } finally {
            held.clear();
        }
    }

    @Override
    public void store(Messages.Job job, Object value, long computeNanos, ByteArrayOutputStream frames)
            throws IOException, CodecException {
        if (stored.remove(job)) {
            return;
        }
        cache.write(CacheKey.of(job.key()), value, Duration.ofNanos(computeNanos), true, job.arguments());
    }
}
