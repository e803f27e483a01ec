package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.Status;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.launch.Launcher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The worker processes of one cached function (the original's {@code MultiProcCachedFunction}),
 * as its API calls see them: each call posts a command to the {@link Coordinator}'s thread and
 * waits for its answer, except the questions {@code apply} asks on every call, which the task
 * board and the coordinator's published flags answer at once. Workers store results in the
 * cache themselves; a task is done when its entry is there.
 */
public final class WorkerPool implements AutoCloseable {

    /** Where a key stands in this pool. */
    public enum KeyState {
        /** queued or running */
        PENDING,
        /** failed in this run; {@link #failure(CacheKey)} says why */
        FAILED,
        /** unknown to the pool: look in the cache */
        UNKNOWN
    }

    private final TaskBoard board;
    private final Coordinator coordinator;
    private volatile boolean closed;
    /** The counters when {@link #close()} ended the coordinator's thread. */
    private volatile Status lastStatus = new Status(0, 0, 0, 0, 0, null, null, 0);

    /**
     * A pool with no worker started yet, and its coordinator's thread.
     * @param spec how to start and greet workers
     * @param launcher how a worker process is started
     * @param entryPresent whether an entry for a key is in the cache (a stat, not a read): what
     *     makes a worker's DONE believable
     * @param failures where failures are recorded, and removed when a later run succeeds
     */
    public WorkerPool(WorkerSpec spec, Launcher launcher, EntryPresence entryPresent, FailureRecords failures) {
        this(spec, launcher, entryPresent, failures, null);
    }

    /**
     * As the other constructor, storing the results workers send over their pipes.
     *
     * @param receiver where those entries are stored, or null to accept none
     */
    public WorkerPool(WorkerSpec spec, Launcher launcher, EntryPresence entryPresent, FailureRecords failures,
            ResultReceiver receiver) {
        this.board = new TaskBoard(failures);
        this.coordinator = new Coordinator(spec, launcher, board, entryPresent, receiver);
        Thread thread = new Thread(coordinator, "mppfc-" + spec.hello().methodName() + "-coordinator");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts {@code count} workers when there is work for them: at once if tasks are queued,
     * else with the first task queued, so a run that finds everything cached starts no process.
     * Workers start independently, and jobs go to each as soon as it is ready.
     *
     * @param count how many
     * @return false (and a log line saying why) if workers are running or still stopping
     * @throws IllegalStateException if no worker can be launched at all
     */
    public boolean start(int count) {
        try {
            return this.<Boolean>ask(reply -> new PoolEvent.Start(count, reply)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting workers", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Answered without asking the coordinator's thread: {@code apply} asks on every call.
     *
     * @return whether workers take tasks (started, and not joined, terminated or done)
     */
    public boolean isRunning() {
        return coordinator.accepting();
    }

    /**
     * Answered from the task board, at once: a pending key is not read from the cache again.
     *
     * @param key a key
     * @return where it stands
     */
    public KeyState state(CacheKey key) {
        return board.state(key);
    }

    /**
     * A failure is remembered for the life of the pool, so a call with the same arguments
     * throws at once instead of computing again.
     *
     * @param key a key whose state is {@link KeyState#FAILED}
     * @return why it failed, or null
     */
    public TaskFailure failure(CacheKey key) {
        return board.failure(key);
    }

    /**
     * Queues a task unless its key is queued or running already.
     *
     * @param key the key
     * @param arguments the footprint of the arguments
     * @param absent whether the caller's lookup found nothing at all stored for the key (not even
     *     a damaged or stale entry): the worker then publishes its entry without looking for
     *     another first
     * @param description the arguments, for messages: called only for a task not already queued
     * @return a future completed when the entry is in the cache, or exceptionally with a
     *     {@link TaskFailedException}
     */
    public CompletableFuture<Void> enqueue(CacheKey key, byte[] arguments, boolean absent,
            Supplier<String> description) {
        String broken = closed ? "its workers were closed (close() was called)" : coordinator.broken();
        TaskFailure failure = broken != null ? TaskFailure.of(FailureKind.WORKERS_UNAVAILABLE, broken, "")
                : board.failure(key);
        if (failure != null) {
            return CompletableFuture.failedFuture(new TaskFailedException(failure));
        }
        TaskBoard.Claim claim = board.claim(key, arguments, absent, description);
        if (claim.isNew()) {
            coordinator.submit(claim.task());
            if (closed) {
                // closed meanwhile: the coordinator may have ended before it took the task, and
                // nobody else fails it (if it took it, it failed it already, and this does nothing)
                board.dropped(claim.task(), Coordinator.closedBeforeRun());
            }
        }
        return claim.task().result;
    }

    /**
     * Waits until nothing is queued or running, then stops the workers.
     *
     * @param statusInterval how often to print the status line to {@code out}, or null for never
     * @param out where the status line goes
     * @throws InterruptedException if interrupted while waiting (the workers go on)
     * @throws IllegalStateException if the workers cannot run the function at all (the reason says why)
     */
    public void awaitAll(Duration statusInterval, PrintStream out) throws InterruptedException {
        if (closed) {
            return; // nothing runs any more
        }
        StatusPrinter printer = statusInterval == null ? null : new StatusPrinter(out);
        long interval = statusInterval == null ? TimeUnit.SECONDS.toNanos(1) : Math.max(1, statusInterval.toNanos());
        CompletableFuture<Void> idle = ask(PoolEvent.AwaitIdle::new);
        while (!await(idle, interval)) {
            if (printer != null) {
                printer.print(status());
            }
        }
        if (printer != null) {
            printer.finish(status());
        }
        await(this.<Void>ask(reply -> new PoolEvent.Stop(PoolEvent.StopMode.IDLE, reply)), Long.MAX_VALUE);
        await(ask(PoolEvent.AwaitNoWorkers::new), Long.MAX_VALUE); // the coordinator kills what does not stop
        String broken = coordinator.broken();
        if (broken != null) {
            String refusal = coordinator.jvmRefusal();
            throw refusal != null ? new WorkerJvmRefusedException(broken, refusal) : new IllegalStateException(broken);
        }
    }

    /**
     * Lets each worker finish its current task and start no other; queued tasks stay queued.
     *
     * @param timeout how long to wait for the workers to stop
     * @return whether all stopped in time (call again to keep waiting)
     * @throws InterruptedException if interrupted
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return stop(PoolEvent.StopMode.JOIN, timeout);
    }

    /**
     * Kills the workers; their current tasks are counted as done but nothing is cached for
     * them; queued tasks stay queued.
     *
     * @param timeout how long to wait for the processes to end
     * @return whether all ended in time
     * @throws InterruptedException if interrupted
     */
    public boolean terminate(Duration timeout) throws InterruptedException {
        return stop(PoolEvent.StopMode.TERMINATE, timeout);
    }

    private boolean stop(PoolEvent.StopMode mode, Duration timeout) throws InterruptedException {
        if (closed) {
            return true; // close() ended every worker
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        await(this.<Void>ask(reply -> new PoolEvent.Stop(mode, reply)), Long.MAX_VALUE);
        return await(ask(PoolEvent.AwaitNoWorkers::new), Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * Asks the coordinator's thread, so it counts every task queued before the call; after
     * {@link #close()}, the counters as they were then.
     *
     * @return the counters now
     */
    public Status status() {
        if (closed) {
            return lastStatus;
        }
        try {
            return ask(PoolEvent.QueryStatus::new).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(0, 0, 0, 0, 0, null, null, 0);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Kills the workers (as {@link #terminate(Duration)}) and ends the coordinator's thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            terminate(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lastStatus = status();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        closed = true;
        coordinator.post(new PoolEvent.Stop(PoolEvent.StopMode.CLOSE, ended));
        try {
            await(ended, TimeUnit.SECONDS.toNanos(10)); // the share marker is gone when close returns
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> ask(Function<CompletableFuture<T>, PoolEvent.Command> command) {
        if (closed) {
            throw new IllegalStateException("the workers of this function were closed");
        }
        CompletableFuture<T> reply = new CompletableFuture<>();
        coordinator.post(command.apply(reply));
        return reply;
    }

    /** Whether it completed within {@code nanos}. */
    private static boolean await(CompletableFuture<?> future, long nanos) throws InterruptedException {
        try {
            future.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
