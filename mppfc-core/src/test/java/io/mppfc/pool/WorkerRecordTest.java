package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.footprint.Footprint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the coordinator believes a worker holds, fed the frames a worker sends; no process. */
class WorkerRecordTest {

    private WorkerRecord worker;
    private Task first;
    private Task second;
    private Task third;

    @BeforeEach
    void aReadyWorkerHoldingThreeJobs() {
        worker = new WorkerRecord(0, null, null, "");
        worker.ready = true;
        first = task(1);
        second = task(2);
        third = task(3);
        worker.sent(first);
        worker.sent(second);
        worker.sent(third);
    }

    private static Task task(long id) {
        return new Task(id, CacheKey.of(Footprint.sha256(id)), new byte[0], "f(" + id + ")");
    }

    @Test
    void givesBackTheJobsNotStartedAndKeepsTheRunningOne() {
        worker.started(1);
        worker.recalling = true;
        assertThat(worker.notStarted()).isEqualTo(2);

        assertThat(worker.givenBack(new long[] {3, 2})).containsExactly(third, second);

        assertThat(worker.outstanding).containsExactly(first);
        assertThat(worker.notStarted()).isZero();
        assertThat(worker.recalling).as("another recall may follow").isFalse();
    }

    @Test
    void aStartedUnknownOrRepeatedJobGivenBackIsAProtocolErrorAndChangesNothing() {
        worker.started(1);
        assertThat(worker.givenBack(new long[] {1})).as("running").isNull();
        assertThat(worker.givenBack(new long[] {3, 9})).as("never sent").isNull();
        assertThat(worker.givenBack(new long[] {3, 3})).as("twice").isNull();
        worker.computed(1);
        worker.started(2);
        worker.computed(2);
        assertThat(worker.givenBack(new long[] {1})).as("storing its result").isNull();
        assertThat(worker.outstanding).containsExactly(first, second, third);
    }

    @Test
    void aJobThatRanWithoutAReportBeforeTheNextStartedIsNeverTakenBackAsNotStarted() {
        worker.started(1); // it threw: no COMPUTED, and its FAILED frame never came
        worker.started(2);
        assertThat(worker.notStarted()).isEqualTo(1);
        assertThat(worker.givenBack(new long[] {1})).as("it ran").isNull();
        assertThat(worker.takeBackNotStarted()).containsExactly(third);
        assertThat(worker.takeRanUnreported()).containsExactly(first);
    }

    @Test
    void aJobWhoseFailureCameIsNotLost() {
        worker.started(1);
        worker.started(2);
        worker.release(1, null); // its FAILED frame, read late
        assertThat(worker.takeRanUnreported()).isEmpty();
    }

    @Test
    void idleOnlyWithNothingToComputeAndNothingToStart() {
        assertThat(worker.idle()).as("three jobs to start").isFalse();
        worker.started(1);
        worker.givenBack(new long[] {3, 2});
        assertThat(worker.idle()).as("computing").isFalse();
        worker.computed(1);
        assertThat(worker.idle()).as("storing a result, free to compute").isTrue();
        worker.stopRequested = true;
        assertThat(worker.idle()).as("asked to stop").isFalse();
    }

    @Test
    void aJobReleasedOrGivenBackIsNoLongerFoundByItsIdAndOneSentAgainIs() {
        assertThat(worker.release(1, null)).isSameAs(first);
        assertThat(worker.release(1, null)).as("released already").isNull();
        assertThat(worker.started(1)).as("no longer held").isNull();
        worker.recalling = true;
        assertThat(worker.givenBack(new long[] {3})).containsExactly(third);
        assertThat(worker.computed(3)).as("given back").isFalse();

        worker.sent(third); // sent again, as a recalled job is

        assertThat(worker.started(3)).isSameAs(third);
        assertThat(worker.release(2, CacheKey.of(Footprint.sha256(99)))).as("another key").isNull();
        assertThat(worker.takeBackNotStarted()).containsExactly(second);
        assertThat(worker.release(3, null)).as("nothing held after").isNull();
    }
}
