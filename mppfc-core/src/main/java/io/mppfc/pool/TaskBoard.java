package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.pool.WorkerPool.KeyState;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which keys are pending and which failed in this run: the one piece of the pool that callers
 * read without asking the coordinator, since {@code apply} asks it on every call. Callers add
 * tasks; only the coordinator's thread settles them.
 */
final class TaskBoard {

    /** The task of a key, and whether this call made it. */
    record Claim(Task task, boolean isNew) {
    }

    private final ConcurrentHashMap<CacheKey, Task> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CacheKey, TaskFailure> failures = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Claim claim(CacheKey key, byte[] arguments, String description) {
        Task existing = pending.get(key);
        if (existing != null) {
            return new Claim(existing, false);
        }
        Task task = new Task(ids.incrementAndGet(), key, arguments, description);
        existing = pending.putIfAbsent(key, task);
        return existing != null ? new Claim(existing, false) : new Claim(task, true);
    }

    KeyState state(CacheKey key) {
        if (pending.containsKey(key)) {
            return KeyState.PENDING;
        }
        return failures.containsKey(key) ? KeyState.FAILED : KeyState.UNKNOWN;
    }

    TaskFailure failure(CacheKey key) {
        return failures.get(key);
    }

    /** The entry is in the cache. */
    void succeeded(Task task) {
        pending.remove(task.key, task);
        task.result.complete(null);
    }

    /** Remembered, so that asking again answers at once; recorded before the key stops being pending. */
    void failed(Task task, TaskFailure failure) {
        failures.put(task.key, failure);
        pending.remove(task.key, task);
        task.result.completeExceptionally(new TaskFailedException(failure));
    }

    /** Ended without a result and without a failure to remember (terminated: asking again computes it). */
    void dropped(Task task, TaskFailure failure) {
        pending.remove(task.key, task);
        task.result.completeExceptionally(new TaskFailedException(failure));
    }
}
