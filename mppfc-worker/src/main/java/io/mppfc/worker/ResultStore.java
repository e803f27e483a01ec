package io.mppfc.worker;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.time.Duration;

/** Where a worker puts a result before it says DONE: the cache, or the pipe to its coordinator. */
interface ResultStore {

    /**
     * Stores the result of a job.
     *
     * @throws IOException if it cannot be stored (or the coordinator is gone)
     * @throws CodecException if the value cannot be encoded, or is larger than an entry can hold
     */
    void store(Messages.Job job, Object value, long computeNanos) throws IOException, CodecException;

    /**
     * Whether {@link #store} writes frames itself: then the DONE after it must go out at once,
     * before the next result's frames (the coordinator takes one result at a time).
     */
    default boolean writesFrames() {
        return false;
    }

    /** Writes the entry into the cache directory, which the worker sees. */
    static ResultStore into(DiskCache cache) {
        return (job, value, nanos) -> cache.write(CacheKey.of(job.key()), value, Duration.ofNanos(nanos), true,
                job.arguments());
    }
}
