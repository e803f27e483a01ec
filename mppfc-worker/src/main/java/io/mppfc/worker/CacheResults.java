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
 * Stores results into the cache directory: the small new entries of the reporter's batch as one
 * batch pack ({@link EntryBatch}, one created file for up to {@link Reporter#MAX_HELD} results),
 * the rest one file each. DONE follows either only once the entry is in place.
 */
final class CacheResults implements ResultStore {

    private final DiskCache cache;
    /** The jobs whose entry {@link #storeAhead} put in place; the reporter's thread only. */
    private final Set<Messages.Job> stored = Collections.newSetFromMap(new IdentityHashMap<>());

    CacheResults(DiskCache cache) {
        this.cache = cache;
    }

    /** A batch of one costs a created file, as a loose entry does: only two or more go into a pack. */
    @Override
    public void storeAhead(List<Reporter.Computed> computed) {
        if (computed.size() < 2) {
            return;
        }
        EntryBatch batch = cache.batch();
        List<Messages.Job> added = new ArrayList<>(computed.size());
        for (Reporter.Computed c : computed) {
            try {
                if (batch.add(CacheKey.of(c.job().key()), c.value(), Duration.ofNanos(c.nanos()), c.job().arguments())) {
                    added.add(c.job());
                }
            } catch (Exception | StackOverflowError e) {
                // store() encodes it again, alone, and reports what fails
            }
        }
        try {
            batch.publish();
            stored.addAll(added);
        } catch (IOException e) {
            // none of the batch is in place: store() writes each alone and reports what fails
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
