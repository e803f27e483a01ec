package io.mppfc.worker;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

/** Where a worker puts a result before it says DONE: the cache, or the pipe to its coordinator. */
interface ResultStore {

    /**
     * Stores the result of a job.
     *
     * @param frames the frames the reporter will write next, in one write (its DONE goes after
     *     them): a store may add its own, or write them and what is there itself, in order
     * @throws IOException if it cannot be stored (or the coordinator is gone)
     * @throws CodecException if the value cannot be encoded, or is larger than an entry can hold
     */
    void store(Messages.Job job, Object value, long computeNanos, ByteArrayOutputStream frames)
            throws IOException, CodecException;

    /** Writes the entry into the cache directory, which the worker sees. */
    static ResultStore into(DiskCache cache) {
        return (job, value, nanos, frames) -> cache.write(CacheKey.of(job.key()), value, Duration.ofNanos(nanos), true,
                job.arguments());
    }
}
