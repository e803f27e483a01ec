package io.mppfc.worker;

import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

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

    /**
     * Stores together, ahead of the calls of {@link #store} for them, what it can of these
     * results; each of those calls then finds its result stored, or stores it itself, and says
     * what fails. Nothing by default.
     *
     * @param computed the results {@link #store} is called with next, in order
     */
    default void storeAhead(java.util.List<Reporter.Computed> computed) {
    }

    /** Writes the entry into the cache directory, which the worker sees. */
    static ResultStore into(DiskCache cache) {
        return new CacheResults(cache);
    }
}
