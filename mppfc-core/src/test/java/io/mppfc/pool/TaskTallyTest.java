package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.FailureRecords;
import io.mppfc.footprint.Footprint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskTallyTest {

    @TempDir
    Path dir;

    /** A tally whose workers said each task took {@code millis}. */
    private TaskTally afterTasksOf(long millis) {
        TaskBoard board = new TaskBoard(new FailureRecords(dir));
        TaskTally tally = new TaskTally(board, Duration.ZERO, 0);
        for (int i = 0; i < 3; i++) {
            Task task = board.claim(CacheKey.of(Footprint.sha256(i)), new byte[0], "f(" + i + ")").task();
            tally.issued();
            tally.done(task, TimeUnit.MILLISECONDS.toNanos(millis));
        }
        return tally;
    }

    @Test
    void oneJobPerWorkerUntilATasksTimeIsKnown() {
        TaskTally tally = new TaskTally(new TaskBoard(new FailureRecords(dir)), Duration.ZERO, 0);
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
}
