package io.mppfc.cache;

import java.util.Objects;
import java.util.function.Function;

/**
 * What one view of a function's entries sets, each setting checked where it is made (a {@link
 * DiskCache} is its store seen through one of these): the tag of its temp files, the result type
 * it checks, the zstd level it writes with (0 for none), and how the function hashes arguments
 * into keys (or null).
 */
record CacheView(String tempTag, Class<?> resultType, int compressionLevel, Function<byte[], CacheKey> keyOfFootprint) {

    static final CacheView PLAIN = new CacheView("", Object.class, 0, null);

    /** @see DiskCache#taggingTemps(String) */
    CacheView taggingTemps(String tag) {
        if (tag == null || !tag.matches("[0-9a-f]{1,32}")) {
            throw new IllegalArgumentException("a temp tag is 1 to 32 lower-case hex digits, got " + tag);
        }
        return new CacheView(tag, resultType, compressionLevel, keyOfFootprint);
    }

    /** @see DiskCache#expecting(Class) */
    CacheView expecting(Class<?> type) {
        return new CacheView(tempTag, type, compressionLevel, keyOfFootprint);
    }

    /** @see DiskCache#compressing(int) */
    CacheView compressing(int level) {
        if (level < 0 || level > 19) {
            throw new IllegalArgumentException("a zstd compression level is 1 (fastest) to 19 (smallest), or 0 for none; got "
                    + level);
        }
        if (level > 0) {
            Compression.requireAvailable();
        }
        return new CacheView(tempTag, resultType, level, keyOfFootprint);
    }

    /** @see DiskCache#keyedBy(Function) */
    CacheView keyedBy(Function<byte[], CacheKey> keys) {
        return new CacheView(tempTag, resultType, compressionLevel, Objects.requireNonNull(keys));
    }
}
