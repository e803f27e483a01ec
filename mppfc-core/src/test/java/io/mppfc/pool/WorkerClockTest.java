package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the coordinator's clock says about a worker, given its state and the time: no processes. */
class WorkerClockTest {

    private static final long SECOND = 1_000_000_000L;
    private static final WorkerClock CLOCK = new WorkerClock(Duration.ofSeconds(10), Duration.ofSeconds(60), 1000);

    private static WorkerRecord readyWorker() {
        WorkerRecord worker = new WorkerRecord(1, null, ClassDataPlan.NONE, "t");
        worker.ready = true;
        return worker;
    }

    @Test
    void aTaskComputingPastTheTimeoutIsKilledButOneStoringItsResultIsNot() {
        WorkerRecord worker = readyWorker();
        worker.computing = true;
        worker.runningSince = worker.launchedAt;
        long later = worker.launchedAt + 11 * SECOND;
        assertThat(CLOCK.overdue(worker, worker.launchedAt + 9 * SECOND, 0)).isNull();
        assertThat(CLOCK.overdue(worker, later, 0)).isEqualTo(KillReason.TASK_TIMEOUT);
        worker.computing = false;
        assertThat(CLOCK.overdue(worker, later, 0)).isNull();
    }

    @Test
    void withoutATaskTimeoutATaskMayRunForever() {
        WorkerClock clock = new WorkerClock(null, Duration.ofSeconds(60), 1000);
        WorkerRecord worker = readyWorker();
        worker.computing = true;
        worker.runningSince = worker.launchedAt;
        assertThat(clock.overdue(worker, worker.launchedAt + 1_000_000 * SECOND, 0)).isNull();
    }

    @Test
    void aWorkerThatNeverSaysReadyIsKilledAtTheStartTimeoutUnlessThereIsNone() {
        WorkerRecord worker = new WorkerRecord(1, null, ClassDataPlan.NONE, "t");
        assertThat(CLOCK.overdue(worker, worker.launchedAt + 59 * SECOND, 0)).isNull();
        assertThat(CLOCK.overdue(worker, worker.launchedAt + 61 * SECOND, 0)).isEqualTo(KillReason.START_TIMEOUT);
        WorkerClock queued = new WorkerClock(null, null, 1000);
        assertThat(queued.overdue(worker, worker.launchedAt + 3600 * SECOND, 0)).as("a Slurm job may wait in the queue")
                .isNull();
    }

    @Test
    void aReadyWorkerSilentForTwentyHeartbeatsAndAtLeastThirtySecondsIsKilled() {
        WorkerRecord worker = readyWorker();
        assertThat(CLOCK.overdue(worker, worker.launchedAt, 29 * SECOND)).isNull();
        assertThat(CLOCK.overdue(worker, worker.launchedAt, 31 * SECOND)).isEqualTo(KillReason.NO_HEARTBEAT);
        WorkerClock slowBeat = new WorkerClock(null, null, 5000);
        assertThat(slowBeat.overdue(worker, worker.launchedAt, 99 * SECOND)).isNull();
        assertThat(slowBeat.overdue(worker, worker.launchedAt, 101 * SECOND)).isEqualTo(KillReason.NO_HEARTBEAT);
    }

    @Test
    void aReadyWorkerIsGreetedEveryHeartbeatUntilItsStdinIsClosed() {
        WorkerRecord worker = readyWorker();
        long sent = worker.heartbeatSentAt;
        assertThat(CLOCK.heartbeatDue(worker, sent + SECOND / 2)).isFalse();
        assertThat(CLOCK.heartbeatDue(worker, sent + SECOND)).isTrue();
        worker.stdinClosed = true;
        assertThat(CLOCK.heartbeatDue(worker, sent + SECOND)).isFalse();
        WorkerRecord starting = new WorkerRecord(2, null, ClassDataPlan.NONE, "t");
        assertThat(CLOCK.heartbeatDue(starting, starting.heartbeatSentAt + 10 * SECOND)).as("not before READY").isFalse();
    }
}
