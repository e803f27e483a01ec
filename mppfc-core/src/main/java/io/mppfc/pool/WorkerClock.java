package io.mppfc.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the time says about a worker: kill it and why, greet it, or nothing. */
final class WorkerClock {

    private static final long NONE = Long.MAX_VALUE;

    private final long taskTimeoutNanos;
    private final long startTimeoutNanos;
    private final long heartbeatNanos;
    /** Silence this long is a frozen worker or a stuck pipe: 20 heartbeats, at least 30 s (a long GC pause is not death). */
    private final long silenceLimitNanos;

    WorkerClock(Duration taskTimeout, Duration startTimeout, int heartbeatMillis) {
        this.taskTimeoutNanos = taskTimeout == null ? NONE : taskTimeout.toNanos();
        this.startTimeoutNanos = startTimeout == null ? NONE : startTimeout.toNanos();
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis);
        this.silenceLimitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(30_000L, 20L * heartbeatMillis));
    }

    /** Why the worker must be killed at {@code now}, or null. */
    KillReason overdue(WorkerRecord worker, long now, long nanosSinceLastFrame) {
        if (worker.computing && now - worker.runningSince > taskTimeoutNanos) {
            return KillReason.TASK_TIMEOUT;
        }
        if (!worker.ready && now - worker.launchedAt > startTimeoutNanos) {
            return KillReason.START_TIMEOUT;
        }
        if (worker.ready && nanosSinceLastFrame > silenceLimitNanos) {
            return KillReason.NO_HEARTBEAT;
        }
        return null;
    }

    /** Whether the worker is due the coordinator's heartbeat, which tells it its coordinator lives. */
    boolean heartbeatDue(WorkerRecord worker, long now) {
        return worker.ready && !worker.stdinClosed && now - worker.heartbeatSentAt >= heartbeatNanos;
    }
}
