package io.mppfc;

import java.time.Duration;
import java.util.Locale;

/**
 * A snapshot of a cached function's parallel evaluation. Its {@link #toString()} is the status
 * line {@code awaitAll(Duration)} prints.
 *
 * @param waiting tasks queued and not yet started
 * @param inProgress tasks running in a worker
 * @param done tasks finished (including tasks stopped by {@code terminate}, which are not cached)
 * @param failed tasks that failed
 * @param issuedTotal tasks queued since the function was built
 * @param averageTime the mean computation time of finished tasks, or {@code null} before the first
 * @param estimatedRemaining waiting and running tasks times the average time, divided among the
 *     workers, or {@code null} when unknown
 * @param workers worker processes alive
 * @since 0.1
 */
public record Status(int waiting, int inProgress, long done, long failed, long issuedTotal, Duration averageTime,
        Duration estimatedRemaining, int workers) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "waiting %d | in progress %d | done %d | failed %d | total %d | avg %s | eta %s"
                + " | workers %d", waiting, inProgress, done, failed, issuedTotal, seconds(averageTime),
                seconds(estimatedRemaining), workers);
    }

    private static String seconds(Duration d) {
        if (d == null) {
            return "?";
        }
        double s = d.toNanos() / 1e9;
        return s < 120 ? String.format(Locale.ROOT, "%.2f s", s) : String.format(Locale.ROOT, "%.1f min", s / 60);
    }
}
