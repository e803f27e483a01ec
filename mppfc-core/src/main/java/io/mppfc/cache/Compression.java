package io.mppfc.cache;

import java.nio.ByteBuffer;

/**
 * zstd for payloads ({@code com.github.luben:zstd-jni}), an optional dependency: only a cache
 * built with {@code compress(...)} needs it, and one that meets a compressed entry without it
 * says which dependency to add.
 */
final class Compression {

    static final String DEPENDENCY = "com.github.luben:zstd-jni";
    private static final String MISSING = "compressed cache entries need " + DEPENDENCY + " (1.5.7-28 or later) on the "
            + "classpath, or on the module path with --add-modules com.github.luben.zstd_jni; add it to your dependencies";

    private Compression() {
    }

    /** Why compression cannot be used here, or null if it can. */
    static String unavailable() {
        try {
            Class<?> zstd = Class.forName("com.github.luben.zstd.Zstd", false, Compression.class.getClassLoader());
            // mppfc's module requires zstd-jni only statically, and it may be on the classpath
            Compression.class.getModule().addReads(zstd.getModule());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return MISSING;
        }
    }

    static void requireAvailable() {
        String missing = unavailable();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
    }

    /** The compressed bytes: a zstd frame that records the original size. */
    static ByteBuffer compress(ByteBuffer payload, int level) {
        byte[] in = new byte[payload.remaining()];
        payload.duplicate().get(in);
        return ByteBuffer.wrap(com.github.luben.zstd.Zstd.compress(in, level));
    }

    /**
     * The original bytes, checked before anything is allocated: a frame that does not say its
     * original size, or says one no array can hold, is damage; one the heap cannot hold now is not.
     */
    static ByteBuffer decompress(ByteBuffer compressed) throws CorruptEntryException, EntryTooLargeException {
        if (unavailable() != null) {
            throw new IllegalStateException(MISSING);
        }
        byte[] in = new byte[compressed.remaining()];
        compressed.duplicate().get(in);
        long size = com.github.luben.zstd.Zstd.getFrameContentSize(in);
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new CorruptEntryException("compressed payload of unknown or implausible size " + size);
        }
        HeapRoom.require(size, () -> "a compressed cache entry of " + HeapRoom.mib(in.length));
        byte[] out = new byte[(int) size];
        long written = com.github.luben.zstd.Zstd.decompress(out, in);
        if (com.github.luben.zstd.Zstd.isError(written) || written != size) {
            throw new CorruptEntryException("compressed payload does not decompress");
        }
        return ByteBuffer.wrap(out);
    }
}
