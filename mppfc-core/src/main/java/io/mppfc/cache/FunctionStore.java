package io.mppfc.cache;

import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.cache.pack.PackSet;
import java.nio.file.Path;

/**
 * What every view of one function's cache ({@link DiskCache#taggingTemps}, {@link
 * DiskCache#expecting}...) shares: its directory, its codecs, the checks of its level
 * directories, its packs as this process sees them, and this process's mark that its code
 * version is in use.
 */
record FunctionStore(Path directory, EntryCodecs codecs, boolean durable, EntryDirectories directories,
        boolean readOnly, PackSet packs, VersionInUse inUse) {

    /** The store of a function directory that exists (made or checked by {@link FunctionDirectory}). */
    static FunctionStore of(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable, boolean strict,
            boolean readOnly) throws java.io.IOException {
        VersionInUse inUse = VersionInUse.hold(directory, readOnly);
        return new FunctionStore(directory, new EntryCodecs(directory, codec, allowList, readOnly), durable,
                new EntryDirectories(directory, strict, readOnly, inUse.writerChecks()), readOnly,
                new PackSet(directory), inUse);
    }
}
