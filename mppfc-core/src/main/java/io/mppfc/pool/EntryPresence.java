package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import java.util.function.Predicate;

/**
 * Whether a task's entry is in the cache, asked before a worker's DONE is believed; {@link
 * #test} looks now. A store that can tell what it saw since a given time answers {@link
 * #presentSince} from a look made since, which lets one look at a pack serve every DONE a read of
 * the pipe brought.
 */
public interface EntryPresence extends Predicate<CacheKey> {

    /**
     * Whether an entry of the key was in place at some instant at or after {@code sinceNanos}.
     *
     * @param key the key
     * @param sinceNanos {@link System#nanoTime} when the frame asking was read
     * @return whether it was in place since then
     */
    default boolean presentSince(CacheKey key, long sinceNanos) {
        return test(key); // a look now is a look since then
    }

    /**
     * A presence of a store's two questions: in place now, and seen in place since a time.
     *
     * @param present whether an entry is in place now
     * @param since whether one was seen in place since a time
     * @return both as one
     */
    static EntryPresence of(Predicate<CacheKey> present, Since since) {
        return new EntryPresence() {
            @Override
            public boolean test(CacheKey key) {
                return present.test(key);
            }

            @Override
            public boolean presentSince(CacheKey key, long sinceNanos) {
                return since.present(key, sinceNanos);
            }
        };
    }

    /** Whether an entry was seen in place at or after a time. */
    @FunctionalInterface
    interface Since {
        boolean present(CacheKey key, long sinceNanos);
    }
}
