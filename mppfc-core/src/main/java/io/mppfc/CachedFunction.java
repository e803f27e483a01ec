package io.mppfc;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every cached function has, whatever its arity: its cache and its worker processes.
 *
 * <pre>{@code
 * f.startWorkers(4);                 // or NumProc.parse("all")
 * for (double x : grid) {
 *     Double y = f.apply(x);         // null until a worker has stored it
 * }
 * f.awaitAll();                      // waits for the rest, then stops the workers
 * }</pre>
 *
 * <p>{@code apply} throws {@link ErroneousFunctionCall} for a call known to fail (with
 * {@code skipKnownFailures(true)}, or one that failed in this run), so the loop above stops
 * there. A scan that must reach every argument submits each one instead: {@code submit} never
 * throws for a known failure, it returns a failed future.
 *
 * <pre>{@code
 * List<CompletableFuture<Double>> ys = new ArrayList<>();
 * for (double x : grid) {
 *     ys.add(f.submit(x));            // a known failure is a failed future: the loop goes on
 * }
 * f.awaitAll();
 * }</pre>
 *
 * <p>Closing the function kills its workers; so does the end of the JVM.
 *
 * @param <R> the result type
 * @since 0.1
 */
public interface CachedFunction<R> extends AutoCloseable {

    /**
     * Returns the directory that holds this function's entries (absolute).
     *
     * @return the directory that holds this function's entries (absolute)
     */
    Path cacheDir();

    /**
     * Returns the function's name as used for its directory, e.g. {@code com.acme.Physics.slow}.
     *
     * @return the function's name as used for its directory, e.g. {@code com.acme.Physics.slow}
     */
    String name();

    /**
     * Starts worker processes; from now on a call that misses the cache queues its arguments
     * and returns {@code null}. Work queued earlier (before a {@code join} or {@code terminate})
     * resumes. Failed arguments stay failed for the life of this object (a call throws
     * {@link ErroneousFunctionCall}); {@code update(...)} or a fresh object tries them again.
     * Workers launch at the first miss. On this machine they start a few at a time (half the
     * processors' count), each next one as one gets ready, so the first results come sooner;
     * a launcher for other machines starts all at once.
     *
     * @param count the number of workers, with {@link NumProc}'s rules ({@code -1}: all cores but one)
     * @return false if workers are already running (or still stopping), as the log says
     * @throws IllegalArgumentException if the count is not allowed here, saying why
     * @throws IllegalStateException if the worker module is missing or no worker can be launched
     */
    boolean startWorkers(int count);

    /**
     * As {@link #startWorkers(int)}, with a rule such as {@code NumProc.parse("0.5")}.
     *
     * @param count how many workers
     * @return false if workers are already running
     */
    boolean startWorkers(NumProc count);

    /**
     * Waits until every queued task is done or failed, then stops the workers. Without running
     * workers (never started, or joined or terminated) it returns at once, and queued tasks wait
     * for the next {@link #startWorkers(int)}.
     *
     * @return the status once all is done: {@code failed()} counts the tasks that failed (calling
     *     the function again with their arguments throws their error), and its {@code toString()}
     *     is the status line
     * @throws IllegalStateException if the workers cannot run the function at all (the message says why)
     * @throws java.util.concurrent.CancellationException if this thread is interrupted (the interrupt
     *     flag is set again; the workers go on)
     */
    Status awaitAll();

    /**
     * As {@link #awaitAll()}, printing the status line to stderr every {@code statusInterval}:
     * in place on a terminal, one line each time otherwise (in CI logs).
     *
     * @param statusInterval how often
     * @return the status once all is done, as {@link #awaitAll()}
     */
    Status awaitAll(Duration statusInterval);

    /**
     * Lets each worker finish its current task, starts no new ones, and stops the workers.
     * Queued tasks stay queued and run after the next {@link #startWorkers(int)}.
     *
     * @param timeout how long to wait
     * @return whether all workers stopped in time; call again to keep waiting
     */
    boolean join(Duration timeout);

    /**
     * Kills the workers. Their current tasks are counted as done, and nothing is cached for
     * them; queued tasks stay queued.
     *
     * @param timeout how long to wait for the processes to end
     * @return whether all ended in time
     */
    boolean terminate(Duration timeout);

    /**
     * Returns the counters of the parallel evaluation; {@code toString()} is the status line.
     *
     * @return the counters of the parallel evaluation; {@code toString()} is the status line
     */
    Status status();

    /** Kills the workers, if any. The cache stays as it is. */
    @Override
    void close();
}
