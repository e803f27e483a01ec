package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What became of the coordinator's tasks: each outcome is told to the board and counted, and
 * the compute times the workers measured size the job windows. Touched by the coordinator's
 * thread only.
 */
final class TaskTally {

    /**
     * A worker holds enough jobs to stay busy for about this long, so it never waits for the
     * coordinator (which may not get a core at once when workers fill the machine). Tasks this
     * long or longer get a window of one: a job held behind an hour-long task while another
     * worker idles would cost far more than the round trip saved.
     */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_WINDOW = 64;
    private static final long PREFETCH_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * Each task's time moves the recent time by 1/8 of the difference: five tasks of 38 ms after
     * thousands of 50 µs bring a window of 64 down to 2.
     */
    private static final long RECENT_WEIGHT = 8;
    /**
     * Jobs held by one worker are worth giving to another that idles when they would keep the
     * holder busy for longer than this: a RECALL, its answer and the jobs sent again are three
     * frames, and each wakes a thread in another JVM (70-130 µs a wake-up when both cores are
     * busy, measured here); quicker jobs are better left where they are.
     */
    private static final long RECALL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final TaskBoard board;
    private final Duration taskTimeout;
    private final int maxRetries;
    private long done;
    private long failed;
    private long issued;
    private long timedTasks;
    private long timedNanos;
    /** The recent tasks' time, which sizes the windows: the mean of all would lag behind a change. */
    private long recentNanos;

    TaskTally(TaskBoard board, Duration taskTimeout, int maxRetries) {
        this.board = board;
        this.taskTimeout = taskTimeout;
        this.maxRetries = maxRetries;
    }

    void issued() {
        issued++;
    }

    /** Done, as the worker said, which also says how long computing it took. */
    void done(Task task, long computeNanos) {
        timedTasks++;
        timedNanos += computeNanos;
        recentNanos = timedTasks == 1 ? computeNanos : recentNanos + (computeNanos - recentNanos) / RECENT_WEIGHT;
        succeeded(task);
    }

    /** Done: its entry is in the cache. */
    void succeeded(Task task) {
        done++;
        board.succeeded(task);
    }

    void failed(Task task, TaskFailure failure) {
        failed++;
        board.failed(task, failure);
    }

    /** Tasks failed since the pool was made. */
    long failedCount() {
        return failed;
    }

    /** The original counts terminated tasks as done; nothing is cached for them. */
    void terminated(Task task) {
        done++;
        board.dropped(task, TaskFailure.of(FailureKind.TERMINATED, "the task was terminated before it finished", ""));
    }

    /**
     * Settles the task a worker was running when it exited, as the exit policy decided.
     *
     * @return whether it is to be tried again (the caller queues it first)
     */
    boolean settle(Task task, ExitPolicy.TaskDecision decision, String how, List<String> stderr) {
        task.attempts = decision.attempts();
        switch (decision.fate()) {
            case DONE -> succeeded(task);
            case RETRY -> {
                return true;
            }
            case TERMINATED -> terminated(task);
            case FAIL -> failed(task, decision.failureKind() == FailureKind.TIMED_OUT
                    ? TaskFailure.of(FailureKind.TIMED_OUT, "the task ran longer than the task timeout of "
                            + io.mppfc.protocol.DurationText.of(taskTimeout) + " and its worker was killed", "")
                    : TaskFailure.of(decision.failureKind(), how + " while computing " + task.description
                            + (maxRetries > 0 ? " (tried " + task.attempts + " times)" : ""),
                            String.join("\n", stderr)));
        }
        return false;
    }

    /**
     * Jobs per worker: one until a task's time is known, then enough for about 50 ms of the
     * recent tasks' time, and never more than a worker's share of what is queued. The time is
     * the workers' own measure: one taken by the coordinator would include the pipe's delays,
     * and through srun a DONE frame can arrive 40 ms late (measured), which made trivial tasks
     * look slow, shrank the window to one and cut throughput 25-fold.
     *
     * <p>The recent time, not the mean of all, and the share: after 3,000 tasks of a fraction
     * of a millisecond, 40 tasks of 38 ms (a scan reaching its slow region) all went to the
     * first worker with room, a window of 64 by the mean, and ran one after the other while the
     * second worker idled: 1.52 s where two workers take 0.85 s.
     *
     * <p>Two at least while tasks take under {@link #PREFETCH_NANOS} and more are queued than
     * there are workers: a worker then starts its next job at once, rather than wait for the
     * coordinator's reply, four thread hand-offs away. One worker ran 40 tasks of 38 ms in
     * 1.57-1.60 s with one job at a time, in 1.54 s (the tasks' own CPU) with the next waiting.
     * Near the end of the queue, and for longer tasks, one: a job held behind a long task while
     * another worker idles would cost more than the round trip saved.
     */
    int window(int queued, int workers) {
        if (timedTasks == 0) {
            return 1;
        }
        long perTask = Math.max(1, recentNanos);
        int window = (int) Math.max(1, Math.min(MAX_WINDOW, WINDOW_NANOS / perTask));
        if (window == 1 && perTask < PREFETCH_NANOS && queued > workers) {
            return 2;
        }
        int share = workers == 0 ? window : (queued + workers - 1) / workers;
        return Math.max(1, Math.min(window, share));
    }

    /** Whether a worker holding {@code jobs} unstarted is to give some back to one that idles. */
    boolean worthRecalling(int jobs) {
        return timedTasks == 0 || jobs * recentNanos > RECALL_NANOS;
    }

    Status status(int waiting, int running, int alive) {
        Duration average = timedTasks == 0 ? null : Duration.ofNanos(timedNanos / timedTasks);
        Duration eta = average == null || alive == 0 ? null
                : Duration.ofNanos(average.toNanos() * (waiting + running) / alive);
        return new Status(waiting, running, done, failed, issued, average, eta, alive);
    }
}
