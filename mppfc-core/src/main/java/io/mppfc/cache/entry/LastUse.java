package io.mppfc.cache.entry;

import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * An entry's or a pack's modification time is its last use, marked at most once an hour. A time in
 * the future (a host whose clock runs ahead wrote it on a shared file system) counts as now:
 * otherwise it would outrank every real use for as long as the skew lasts, and what was really
 * used last would be collected first.
 */
public final class LastUse {

    public static final long USED_RESOLUTION_MILLIS = 3_600_000;

    private LastUse() {
    }

    /**
     * A hit moves the entry's modification time to now, so {@code mppfc gc} evicts the least
     * recently used entries first (as Bazel's disk cache does). Only when the time is more than
     * an hour old: a time update is a journaled metadata write, which would cost a hot loop of
     * hits a third of its speed, and an hour is fine resolution for eviction. A read-only cache
     * stays as it is.
     *
     * @param path the entry or pack
     * @param modified its modification time as last read
     */
    public static void markUsed(Path path, FileTime modified) {
        try {
            long now = System.currentTimeMillis();
            if (now - modified.toMillis() > USED_RESOLUTION_MILLIS) {
                FileGate.touch(path, FileTime.fromMillis(now));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to write: eviction order is then by write time
        }
    }

    public static java.time.Instant clamped(java.time.Instant time, java.time.Instant now) {
        return time.isAfter(now) ? now : time;
    }

    public static long clamped(long millis, long nowMillis) {
        return Math.min(millis, nowMillis);
    }
}
