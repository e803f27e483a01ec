package io.mppfc.cache;

import java.time.Instant;

/**
 * Times of last use as eviction orders them. A time in the future (a host whose clock runs ahead
 * wrote it on a shared file system) counts as now: otherwise it would outrank every real use for
 * as long as the skew lasts, and what was really used last would be collected first.
 */
final class LastUse {

    private LastUse() {
    }

    static Instant clamped(Instant time, Instant now) {
        return time.isAfter(now) ? now : time;
    }

    static long clamped(long millis, long nowMillis) {
        return Math.min(millis, nowMillis);
    }
}
