package io.mppfc.cache;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;

/** One function's cache in a test's directory, as the pack tests open it: Fory, JDK value types allowed, not durable. */
final class FunctionCaches {

    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    private FunctionCaches() {
    }

    static DiskCache open(Path function) throws IOException {
        return DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    /** A key of its own for each {@code i}. */
    static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }
}
