package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.pool.WorkerPool.KeyState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keys are pending and which failed in this run: the one piece of the pool that callers
 * read without asking the coordinator, since {@code apply} asks it on every call. Callers add
 * tasks; only the coordinator's thread settles them.
 */
final class TaskBoard {

    private static final Logger LOG = LoggerFactory.getLogger(TaskBoard.class);

    /** The task of a key, and whether this call made it. */
    record Claim(Task task, boolean isNew) {
    }

    private final ConcurrentHashMap<CacheKey, Task> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CacheKey, TaskFailure> failures = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final FailureRecords records;

    TaskBoard(FailureRecords records) {
        this.records = records;
    }

    /** The description is made only for a new task: a loop polling its pending keys would pay for each. */
    Claim claim(CacheKey key, byte[] arguments, boolean absent, Supplier<String> description) {
        Task existing = pending.get(key);
        if (existing != null) {
            return new Claim(existing, false);
        }
        Task task = new Task(ids.incrementAndGet(), key, arguments, absent, description.get());
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
        try {
            // before the caller hears of it: whoever waited on the value then finds no stale failure
            records.succeeded(task.key);
        } catch (IOException e) {
            LOG.warn("cannot remove the failure record of {}, which has now succeeded: {}", task.description,
                    io.mppfc.text.ShownText.line(io.mppfc.files.IoText.describe(e)));
        }
        task.result.complete(null);
    }

    /** Remembered, so that asking again answers at once; recorded before the key stops being pending. */
    void failed(Task task, TaskFailure failure) {
        if (failure.kind() != FailureKind.WORKERS_UNAVAILABLE) {
            record(task, failure);
        }
        failures.put(task.key, failure);
        pending.remove(task.key, task);
        task.result.completeExceptionally(new TaskFailedException(failure));
    }

    /** Written by the coordinator's thread: failures are rare and their records small. */
    private void record(Task task, TaskFailure failure) {
        Duration took = task.startedAt == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - task.startedAt);
        try {
            records.record(new FailureRecords.Failure(task.key, task.arguments, failure.kind(), failure.exceptionClass(),
                    failure.message(), failure.stackTrace(), task.host, took, tries(task, failure), Instant.now()));
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IOException disk ? io.mppfc.files.IoText.describe(disk) : e.toString();
            LOG.warn("cannot record the failure of {} on disk: {}", task.description, io.mppfc.text.ShownText.line(why));
        }
    }

    /** The deaths counted while it ran, and the run that threw. */
    private static int tries(Task task, TaskFailure failure) {
        boolean ranToTheEnd = failure.kind() == FailureKind.THREW || failure.kind() == FailureKind.NOT_STORED;
        return Math.max(1, task.attempts + (ranToTheEnd ? 1 : 0));
    }

    /** Ended without a result and without a failure to remember (terminated: asking again computes it). */
    void dropped(Task task, TaskFailure failure) {
        pending.remove(task.key, task);
        task.result.completeExceptionally(new TaskFailedException(failure));
    }
}
