package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One queued or running computation; guarded by the pool's lock. */
final class Task {

    final long id;
    final CacheKey key;
    final byte[] arguments;
    final String description;
    int attempts;
    List<CompletableFuture<Void>> waiters;

    Task(long id, CacheKey key, byte[] arguments, String description) {
        this.id = id;
        this.key = key;
        this.arguments = arguments;
        this.description = description;
    }

    void addWaiter(CompletableFuture<Void> future) {
        if (waiters == null) {
            waiters = new ArrayList<>(1);
        }
        waiters.add(future);
    }

    void complete(TaskFailure failure) {
        if (waiters == null) {
            return;
        }
        for (CompletableFuture<Void> w : waiters) {
            if (failure == null) {
                w.complete(null);
            } else {
                w.completeExceptionally(new TaskFailedException(failure));
            }
        }
        waiters = null;
    }
}
