package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import java.util.concurrent.CompletableFuture;

/**
 * One computation asked for. Made by the board when a key is first asked for; its attempts are
 * counted by the coordinator's thread only; its result completes once, when the entry is in
 * the cache or the task has failed.
 */
final class Task {

    final long id;
    final CacheKey key;
    final byte[] arguments;
    final String description;
    /** Whether the lookup that made it found nothing stored for the key ({@code Messages.Job#absent}). */
    final boolean absent;
    final CompletableFuture<Void> result = new CompletableFuture<>();
    /** Workers that died while computing it; the coordinator's thread only. */
    int attempts;
    /** Where and since when it last ran, for its failure record; the coordinator's thread only. */
    String host = "";
    long startedAt;

    Task(long id, CacheKey key, byte[] arguments, String description) {
        this(id, key, arguments, false, description);
    }

    Task(long id, CacheKey key, byte[] arguments, boolean absent, String description) {
        this.id = id;
        this.key = key;
        this.arguments = arguments;
        this.absent = absent;
        this.description = description;
    }
}
