package io.mppfc;

import java.time.Duration;
import java.time.Instant;

/**
 * When a stored result is too old to answer with ({@link CacheBuilder#staleAfter}). Any positive
 * duration works, up to {@link Duration}'s largest: the age is measured between two instants,
 * never by moving an instant by the duration (which leaves the range of {@link Instant}).
 *
 * <p>A stored time in the future (a writer whose clock is ahead, on a shared file system; a file
 * whose time was set by hand) is stale: its age is unknown, and a result of unknown age is
 * never served as fresh. It is computed again and stored with the writer's time, so the skew
 * costs at most one computation per entry for as long as the writer's clock is ahead.
 *
 * @param after the age at which a result is stale
 */
record Staleness(Duration after) {

    boolean stale(Instant storedAt, Instant now) {
        return storedAt == null || storedAt.isAfter(now) || Duration.between(storedAt, now).compareTo(after) > 0;
    }
}
