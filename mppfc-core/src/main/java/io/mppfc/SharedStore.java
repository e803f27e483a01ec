package io.mppfc;

import java.io.IOException;

/**
 * A store that several machines share, behind the local cache: a local miss asks it for the
 * same entry, and what is computed here is uploaded to it in the background
 * ({@link CacheBuilder#shared(SharedStore)}). {@code mppfc-s3}'s {@code S3Store} is one.
 *
 * <p>Keys are {@code <function>@<code version>/<64 hex digits>} (the store adds its own
 * prefix). Objects are opaque bytes to the store: mppfc checks every object it gets as strictly
 * as a local entry, so a store need not be trusted to return what was put. Implementations must
 * be thread-safe and should bound every call by a timeout of their own; mppfc bounds each lookup
 * as well, and stops asking a store that failed for a while.
 *
 * @since 0.2
 */
public interface SharedStore {

    /**
     * The object under {@code key}.
     *
     * @param key the object's key
     * @param maxBytes the largest object wanted: a larger one must not be read into memory
     * @return its bytes, or {@code null} if there is no such object
     * @throws ObjectTooLargeException if the object is larger than {@code maxBytes}
     * @throws IOException if the store cannot be reached or refuses the request, in a message
     *     that names the store (never a secret)
     */
    byte[] get(String key, long maxBytes) throws IOException;

    /**
     * Stores {@code bytes} under {@code key}, replacing what was there.
     *
     * @param key the object's key
     * @param bytes the object
     * @throws IOException as {@link #get}
     */
    void put(String key, byte[] bytes) throws IOException;

    /**
     * How long a lookup may take before mppfc counts it as a miss and stops asking this store
     * for a while; default 10 seconds.
     *
     * @return the bound of one lookup
     */
    default java.time.Duration lookupTimeout() {
        return java.time.Duration.ofSeconds(10);
    }

    /**
     * The largest object mppfc gets or puts (also bounded by a quarter of the heap); larger
     * entries stay local. Default 256 MiB.
     *
     * @return the bound in bytes
     */
    default long maxObjectBytes() {
        return 256L << 20;
    }

    /**
     * Whether uploaded entries hold the arguments they were computed from; default true. When
     * false, entries and failure records are uploaded with their key but without the arguments'
     * bytes: whoever can read the store cannot tell what was computed, and a reader still checks
     * that an object names the key it asked for (inside the entry's checksummed bytes). What is
     * lost: {@code mppfc ls} shows no arguments for such entries, fetched or pulled.
     *
     * @return false to keep arguments out of the store
     */
    default boolean uploadsArguments() {
        return true;
    }

    /** Refuses an object larger than asked for; it was not read. */
    final class ObjectTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        /**
         * An object refused before its body is read.
         *
         * @param message which object, how large, and the bound
         */
        public ObjectTooLargeException(String message) {
            super(message);
        }
    }
}
