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

    /*
     * Whole caches (mppfc push, pull, status --shared, gc --shared) and lookups in packed entries:
     * listing, ranged reads and whole files. A store that cannot do these (the defaults throw
     * UnsupportedOperationException) still serves single entries; these commands then say it cannot.
     */

    /**
     * An object a listing found.
     *
     * @param key its key, without the store's own prefix
     * @param size its size in bytes
     * @param modified when it was last written
     */
    record Listed(String key, long size, java.time.Instant modified) {
    }

    /**
     * The objects whose keys start with {@code keyPrefix}, all of them (the store pages through
     * its listing itself).
     *
     * @param keyPrefix the start of the keys wanted, {@code ""} for every object
     * @return the objects, in no particular order
     * @throws IOException as {@link #get}
     * @throws UnsupportedOperationException if this store cannot list (the default)
     */
    default java.util.List<Listed> list(String keyPrefix) throws IOException {
        throw new UnsupportedOperationException(this + " cannot list its objects");
    }

    /**
     * Bytes {@code offset} to {@code offset + length} of an object, as stored (not signed: what
     * is read this way is vouched for by another, signed object, such as a pack's index).
     *
     * @param key the object's key
     * @param offset the first byte
     * @param length how many bytes; a store must never return more
     * @return the bytes, or {@code null} if there is no such object
     * @throws IOException as {@link #get}, or if the object is shorter than asked for
     * @throws UnsupportedOperationException if this store cannot (the default)
     */
    default byte[] getRange(String key, long offset, int length) throws IOException {
        throw new UnsupportedOperationException(this + " cannot read part of an object");
    }

    /**
     * Stores a file whole under {@code key}, as it is (not signed, as {@link #getRange}); the
     * object appears whole or not at all.
     *
     * @param key the object's key
     * @param file the file, which must not change while it is uploaded
     * @throws IOException as {@link #get}, or if the file cannot be read
     * @throws UnsupportedOperationException if this store cannot (the default)
     */
    default void putFile(String key, java.nio.file.Path file) throws IOException {
        throw new UnsupportedOperationException(this + " cannot store files");
    }

    /**
     * Writes the object under {@code key}, as stored, to {@code target} (created or replaced).
     *
     * @param key the object's key
     * @param target the file to write
     * @param maxBytes the largest object wanted: a larger one is not read
     * @return whether there was such an object
     * @throws ObjectTooLargeException if the object is larger than {@code maxBytes}
     * @throws IOException as {@link #get}, or if the file cannot be written
     * @throws UnsupportedOperationException if this store cannot (the default)
     */
    default boolean getFile(String key, java.nio.file.Path target, long maxBytes) throws IOException {
        throw new UnsupportedOperationException(this + " cannot read objects into files");
    }

    /**
     * Removes the object under {@code key}; one that is not there is no error.
     *
     * @param key the object's key
     * @throws IOException as {@link #get}
     * @throws UnsupportedOperationException if this store cannot (the default)
     */
    default void delete(String key) throws IOException {
        throw new UnsupportedOperationException(this + " cannot remove objects");
    }
}
