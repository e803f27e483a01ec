package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.footprint.Footprint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTallyTest {

    @TempDir
    Path dir;

    private TaskBoard board;
    private int issued;

    @BeforeEach
    void newBoard() {
        board = new TaskBoard(new FailureRecords(dir));
    }

    /** A tally whose workers said each task took {@code millis}. */
    private TaskTally afterTasksOf(long millis) {
        TaskTally tally = new TaskTally(board, Duration.ZERO, 0);
        tasksDone(tally, 3, TimeUnit.MILLISECONDS.toNanos(millis));
        return tally;
    }

    private void tasksDone(TaskTally tally, int count, long nanos) {
        for (int i = 0; i < count; i++) {
            int n = issued++;
            Task task = board.claim(CacheKey.of(Footprint.sha256(n)), new byte[0], false, () -> "f(" + n + ")").task();
            tally.issued();
            tally.done(task, nanos);
        }
    }

    @Test
    void oneJobPerWorkerUntilATasksTimeIsKnown() {
        TaskTally tally = new TaskTally(board, Duration.ZERO, 0);
        assertThat(tally.window(1000, 2)).isEqualTo(1);
    }

    @Test
    void shortTasksFillAboutFiftyMillisecondsUpToSixtyFour() {
        assertThat(afterTasksOf(5).window(1000, 2)).isEqualTo(10);
        assertThat(afterTasksOf(0).window(1000, 2)).isEqualTo(64);
    }

    @Test
    void tasksUnderASecondHaveTheirNextJobWaitingWhileTheQueueOutnumbersTheWorkers() {
        assertThat(afterTasksOf(40).window(3, 2)).isEqualTo(2);
        assertThat(afterTasksOf(900).window(3, 2)).isEqualTo(2);
    }

    @Test
    void nearTheQueuesEndEachWorkerHoldsOneJob() {
        assertThat(afterTasksOf(40).window(2, 2)).isEqualTo(1);
        assertThat(afterTasksOf(40).window(0, 2)).isEqualTo(1);
    }

    @Test
    void tasksOfASecondOrMoreNeverWaitBehindAnother() {
        assertThat(afterTasksOf(1000).window(1000, 2)).isEqualTo(1);
        assertThat(afterTasksOf(3_600_000).window(1000, 2)).isEqualTo(1);
    }

    @Test
    void noWorkerTakesMoreThanItsShareOfTheQueue() {
        assertThat(afterTasksOf(0).window(40, 2)).isEqualTo(20);
        assertThat(afterTasksOf(0).window(5, 2)).isEqualTo(3);
        assertThat(afterTasksOf(0).window(1, 2)).isEqualTo(1);
    }

    @Test
    void aScanReachingSlowerTasksShrinksTheWindowWithinAFewOfThem() {
        TaskTally tally = new TaskTally(board, Duration.ZERO, 0);
        tasksDone(tally, 3000, TimeUnit.MICROSECONDS.toNanos(50));
        assertThat(tally.window(1000, 2)).isEqualTo(64);
        tasksDone(tally, 5, TimeUnit.MILLISECONDS.toNanos(38));
        assertThat(tally.window(1000, 2)).isEqualTo(2);
        // the status keeps the mean of all
        assertThat(tally.status(0, 0, 2).averageTime()).isLessThan(Duration.ofMillis(1));
    }

    @Test
    void heldJobsAreTakenBackOnlyWhenTheyWouldWaitLongerThanTheRoundTrip() {
        assertThat(new TaskTally(board, Duration.ZERO, 0).worthRecalling(1)).as("times unknown").isTrue();
        assertThat(afterTasksOf(38).worthRecalling(1)).isTrue();
        TaskTally quick = new TaskTally(board, Duration.ZERO, 0);
        tasksDone(quick, 100, TimeUnit.MICROSECONDS.toNanos(50));
        assertThat(quick.worthRecalling(10)).as("0.5 ms of work: done before another worker could start it")
                .isFalse();
        assertThat(quick.worthRecalling(64)).isTrue();
    }
}
