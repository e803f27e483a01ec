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

    /** What became of a result offered to {@link #hold}. */
    enum Offer {
        /** Held for the next {@link #publishHeld}: {@link #store} then finds it stored, or stores it alone. */
        HELD,
        /** Not taken, or in place already (a large entry, written at once): {@link #store} it now. */
        NOT_HELD
    }

    /**
     * Takes a result to be put in place with others by the next {@link #publishHeld}, if it can;
     * the value is encoded now. Nothing is held by default.
     *
     * @param computed a result
     * @return whether it is held
     */
    default Offer hold(Reporter.Computed computed) {
        return Offer.NOT_HELD;
    }

    /**
     * Puts what is held in place at once; then {@link #store} is called for each, in order, and
     * finds it stored, or stores it alone and says what fails.
     */
    default void publishHeld() {
    }

    /** Writes the entry into the cache directory, which the worker sees. */
    static ResultStore into(DiskCache cache) {
        return new CacheResults(cache);
    }
}
