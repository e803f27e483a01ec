package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.IncomingEntry;
import java.io.IOException;

/** Where the entries workers send over their pipes are stored: the function's cache. */
@FunctionalInterface
public interface ResultReceiver {

    /**
     * Opens an entry arriving in parts.
     *
     * @param key the key it is for
     * @param length its announced length
     * @param tempTag what its temp file's name starts with (the sending worker's tag, so that the
     *     temp files of a worker killed mid-transfer are removed with those it wrote itself)
     * @return the entry being received
     * @throws IOException if it cannot be opened
     */
    IncomingEntry open(CacheKey key, long length, String tempTag) throws IOException;
}
