package io.mppfc.cache;

import java.nio.file.Path;

/**
 * The loose entry path of a key in one function's directory, the last one made kept: a miss
 * looks its key up and then writes it, and each made the path again (the key's 64 hex digits,
 * parsed and checked as a path: about a quarter of a microsecond, a percent of a miss on tmpfs).
 */
final class EntryPaths {

    /** A key and its path, read and replaced as one: a thread never takes another key's path. */
    private record Last(CacheKey key, Path path) {
    }

    private final Path directory;
    /** Any thread's last; another thread's key only costs the path made again. */
    private volatile Last last;

    EntryPaths(Path directory) {
        this.directory = directory;
    }

    /** {@code key}'s entry path in the function's directory ({@link CacheKey#entryIn}). */
    Path of(CacheKey key) {
        Last l = last;
        if (l != null && l.key().equals(key)) {
            return l.path();
        }
        Path path = key.entryIn(directory);
        last = new Last(key, path);
        return path;
    }
}
