package io.mppfc.pool;

import io.mppfc.Status;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the coordinator's thread acts on: what workers' I/O threads heard, and what API
 * calls ask. Nothing else changes the pool's state.
 */
sealed interface PoolEvent {

    /** Heard from one worker process. */
    sealed interface FromWorker extends PoolEvent {
        WorkerProcess worker();
    }

    record Ready(WorkerProcess worker, long pid, String host) implements FromWorker {
    }

    record Started(WorkerProcess worker, long id) implements FromWorker {
    }

    /** The computation ended; the result is being stored. */
    record Computed(WorkerProcess worker, long id) implements FromWorker {
    }

    /** A DONE whose entry the I/O thread found in place. */
    record Done(WorkerProcess worker, long id, io.mppfc.cache.CacheKey key, long computeNanos) implements FromWorker {
    }

    /** Jobs given back for a RECALL, the last sent first, none started. */
    record Returned(WorkerProcess worker, long[] ids) implements FromWorker {
    }

    record Failed(WorkerProcess worker, long id, TaskFailure failure) implements FromWorker {
    }

    /** The worker cannot run the function at all. */
    record Fatal(WorkerProcess worker, String message, String stackTrace) implements FromWorker {
    }

    /** The worker said something no correct worker says (a DONE without its entry, say): it is killed. */
    record ProtocolError(WorkerProcess worker, String what) implements FromWorker {
    }

    record Exited(WorkerProcess worker, WorkerExit exit) implements FromWorker {
    }

    /** Asked by API calls; replies complete a future. */
    sealed interface Command extends PoolEvent {
        /** What the caller waits on, failed when the coordinator could not handle the command. */
        CompletableFuture<?> reply();
    }

    record Start(int count, CompletableFuture<Boolean> reply) implements Command {
    }

    record Enqueue(Task task) implements Command {
        /** The task's own result: settled through the board, never directly. */
        @Override
        public CompletableFuture<?> reply() {
            return task.result;
        }
    }

    /** Lets workers finish what they run and start nothing new (join), or kills them (terminate). */
    record Stop(StopMode mode, CompletableFuture<Void> reply) implements Command {
    }

    /** Completes when nothing is queued or running, or when the workers cannot go on. */
    record AwaitIdle(CompletableFuture<Void> reply) implements Command {
    }

    record AwaitNoWorkers(CompletableFuture<Void> reply) implements Command {
    }

    record QueryStatus(CompletableFuture<Status> reply) implements Command {
    }

    /** How workers are stopped. */
    enum StopMode {
        /** STOP, then stdin closed: idle workers exit; killed if they do not within 30 s */
        IDLE,
        /** STOP: each finishes its current task; queued tasks stay queued */
        JOIN,
        /** killed at once; their current tasks end as terminated */
        TERMINATE,
        /** as TERMINATE, and the coordinator's thread ends */
        CLOSE
    }
}
