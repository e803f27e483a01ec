package io.mppfc.cache;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pack tests start from: one function's cache, {@code <root>/f}, opened before each
 * test as a program opens it (Fory, JDK value types allowed, not durable), and a key of its own
 * for each number.
 */
abstract class FunctionCacheFixture {

    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    Path function;
    DiskCache cache;

    @BeforeEach
    void openTheCache() throws IOException {
        function = root.resolve("f");
        cache = open(function);
    }

    /** The cache of {@code function} as another program opens it. */
    static DiskCache open(Path function) throws IOException {
        return DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }
}
