package io.mppfc.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The callers waiting for the pool to be idle, or to have no workers; the coordinator's thread answers them. */
final class Waiters {

    private final List<CompletableFuture<Void>> forIdle = new ArrayList<>();
    private final List<CompletableFuture<Void>> forNoWorkers = new ArrayList<>();

    void awaitIdle(CompletableFuture<Void> reply) {
        forIdle.add(reply);
    }

    void awaitNoWorkers(CompletableFuture<Void> reply) {
        forNoWorkers.add(reply);
    }

    void answer(boolean idle, boolean noWorkers) {
        if (idle) {
            complete(forIdle);
        }
        if (noWorkers) {
            complete(forNoWorkers);
        }
    }

    private static void complete(List<CompletableFuture<Void>> waiting) {
        waiting.forEach(w -> w.complete(null));
        waiting.clear();
    }
}
