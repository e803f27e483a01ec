package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.FailureKind;
import io.mppfc.pool.ExitPolicy.Decision;
import io.mppfc.pool.ExitPolicy.Fate;
import io.mppfc.pool.ExitPolicy.PoolFacts;
import io.mppfc.pool.ExitPolicy.RunningTask;
import io.mppfc.pool.ExitPolicy.WorkerFacts;
import org.junit.jupiter.api.Test;

/** Every way a worker ends, fed to the policy as facts: no processes. */
class ExitPolicyTest {

    private static final PoolFacts RUNNING_POOL = new PoolFacts(true, false, 0, 1);

    private static WorkerExit.Description crashed() {
        return new WorkerExit.Description(false, "worker 1 was killed by signal 9", false, false);
    }

    private static WorkerFacts readyWorker(KillReason killed, WorkerExit.Description exit) {
        return new WorkerFacts(true, false, killed, exit);
    }

    @Test
    void aCrashWhileComputingRetriesTheTaskAndReplacesTheWorker() {
        Decision decision = ExitPolicy.decide(readyWorker(null, crashed()), RUNNING_POOL, new RunningTask(0, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.RETRY);
        assertThat(decision.running().attempts()).isEqualTo(1);
        assertThat(decision.replace()).isTrue();
        assertThat(decision.breakDown()).isFalse();
    }

    @Test
    void aTaskThatKillsItsWorkerMoreOftenThanTheRetriesAllowFailsAsWorkerDied() {
        Decision decision = ExitPolicy.decide(readyWorker(null, crashed()), RUNNING_POOL, new RunningTask(1, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.FAIL);
        assertThat(decision.running().failureKind()).isEqualTo(FailureKind.WORKER_DIED);
        assertThat(decision.running().attempts()).isEqualTo(2);
        assertThat(decision.replace()).as("the next task still gets a worker").isTrue();
    }

    @Test
    void aTaskWhoseReportWasLostIsNeverTheOneThatTimedOut() {
        ExitPolicy.TaskDecision lost = ExitPolicy.lost(readyWorker(KillReason.TASK_TIMEOUT, crashed()), RUNNING_POOL,
                new RunningTask(0, false));
        assertThat(lost.fate()).isEqualTo(Fate.RETRY);
        assertThat(ExitPolicy.lost(readyWorker(KillReason.PROTOCOL_ERROR, crashed()), RUNNING_POOL,
                new RunningTask(1, false)).failureKind()).isEqualTo(FailureKind.WORKER_DIED);
        assertThat(ExitPolicy.lost(readyWorker(KillReason.PROTOCOL_ERROR, crashed()), RUNNING_POOL,
                new RunningTask(0, true)).fate()).as("its entry is in the cache").isEqualTo(Fate.DONE);
    }

    @Test
    void aProtocolErrorCountsAsADeathOfTheWorker() {
        Decision decision = ExitPolicy.decide(readyWorker(KillReason.PROTOCOL_ERROR,
                new WorkerExit.Description(false, "worker 1 was killed by mppfc (protocol error)", false, false)),
                new PoolFacts(true, false, 0, 0), new RunningTask(0, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.FAIL);
        assertThat(decision.running().failureKind()).isEqualTo(FailureKind.WORKER_DIED);
    }

    @Test
    void aTaskWhoseEntryIsInTheCacheIsDoneWhateverBecameOfItsWorker() {
        for (KillReason killed : new KillReason[] {null, KillReason.TERMINATE, KillReason.TASK_TIMEOUT,
                KillReason.PROTOCOL_ERROR, KillReason.NO_HEARTBEAT}) {
            Decision decision = ExitPolicy.decide(readyWorker(killed, crashed()), RUNNING_POOL, new RunningTask(3, true));
            assertThat(decision.running().fate()).as("killed for %s", killed).isEqualTo(Fate.DONE);
        }
    }

    @Test
    void aTimeoutFailsTheTaskAtOnceWithoutRetries() {
        Decision decision = ExitPolicy.decide(readyWorker(KillReason.TASK_TIMEOUT, crashed()),
                new PoolFacts(true, false, 0, 5), new RunningTask(0, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.FAIL);
        assertThat(decision.running().failureKind()).isEqualTo(FailureKind.TIMED_OUT);
    }

    @Test
    void terminateEndsTheRunningTaskAsTerminatedAndReplacesNobody() {
        Decision decision = ExitPolicy.decide(readyWorker(KillReason.TERMINATE, crashed()),
                new PoolFacts(false, false, 0, 1), new RunningTask(0, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.TERMINATED);
        assertThat(decision.replace()).isFalse();
    }

    @Test
    void aWorkerThatLeftBecauseThisProgramWasSilentRetriesWithoutChargingTheTask() {
        WorkerExit.Description silent = new WorkerExit.Description(false, "worker 1 heard nothing", false, true);
        Decision decision = ExitPolicy.decide(readyWorker(null, silent), new PoolFacts(true, false, 0, 0),
                new RunningTask(0, false));
        assertThat(decision.running().fate()).isEqualTo(Fate.RETRY);
        assertThat(decision.running().attempts()).isZero();
    }

    @Test
    void threeWorkersInARowDyingBeforeReadyBreakThePoolDown() {
        WorkerFacts neverReady = new WorkerFacts(false, false, null, crashed());
        Decision first = ExitPolicy.decide(neverReady, RUNNING_POOL, null);
        Decision second = ExitPolicy.decide(neverReady, new PoolFacts(true, false, first.startFailures(), 1), null);
        Decision third = ExitPolicy.decide(neverReady, new PoolFacts(true, false, second.startFailures(), 1), null);
        assertThat(first.replace()).isTrue();
        assertThat(second.replace()).isTrue();
        assertThat(third.breakDown()).isTrue();
        assertThat(third.replace()).isFalse();
        assertThat(third.running()).isNull();
    }

    @Test
    void aPlaceThatRefusedTheWorkerDoesNotCountAgainstTheFunction() {
        WorkerFacts refused = new WorkerFacts(false, false, null,
                new WorkerExit.Description(false, "worker 1 was refused by SSH host a", true, false));
        Decision decision = ExitPolicy.decide(refused, new PoolFacts(true, false, 2, 1), null);
        assertThat(decision.breakDown()).isFalse();
        assertThat(decision.startFailures()).isEqualTo(2);
        assertThat(decision.replace()).isTrue();
    }

    @Test
    void aWorkerAskedToStopIsNotReplaced() {
        WorkerFacts stopped = new WorkerFacts(true, true, null, new WorkerExit.Description(true, "exited", false, false));
        Decision decision = ExitPolicy.decide(stopped, RUNNING_POOL, null);
        assertThat(decision.replace()).isFalse();
        assertThat(decision.running()).isNull();
    }

    @Test
    void aBrokenPoolReplacesNobody() {
        Decision decision = ExitPolicy.decide(readyWorker(null, crashed()), new PoolFacts(true, true, 0, 1),
                new RunningTask(0, false));
        assertThat(decision.replace()).isFalse();
    }
}
