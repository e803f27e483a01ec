package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchPaceTest {

    @Test
    void oneAtATimeWaitsForEachToGetReady() {
        LaunchPace pace = new LaunchPace(1);
        pace.start(3);
        assertThat(pace.begun()).isFalse();
        assertThat(pace.next(0, 1)).isEqualTo(1);
        assertThat(pace.next(1, 1)).as("worker 1 still starting").isZero();
        assertThat(pace.begun()).isTrue();
        assertThat(pace.next(0, 1)).isEqualTo(2);
        assertThat(pace.next(0, 1)).isEqualTo(3);
        assertThat(pace.pending()).isFalse();
        assertThat(pace.next(0, 1)).isZero();
    }

    @Test
    void twoAtATimeLaunchesTheThirdWhenOneIsReady() {
        LaunchPace pace = new LaunchPace(2);
        pace.start(3);
        assertThat(pace.next(0, 1)).isEqualTo(1);
        assertThat(pace.next(1, 1)).isEqualTo(2);
        assertThat(pace.next(2, 1)).isZero();
        assertThat(pace.next(1, 1)).isEqualTo(3);
    }

    @Test
    void remoteWorkersAllStartAtOnce() {
        LaunchPace pace = new LaunchPace(Integer.MAX_VALUE);
        pace.start(3);
        assertThat(pace.next(0, 1)).isEqualTo(1);
        assertThat(pace.next(1, 1)).isEqualTo(2);
        assertThat(pace.next(2, 1)).isEqualTo(3);
    }

    @Test
    void aNewStartCountsAgainFromOne() {
        LaunchPace pace = new LaunchPace(1);
        pace.start(1);
        assertThat(pace.next(0, 1)).isEqualTo(1);
        pace.start(2);
        assertThat(pace.pending()).isTrue();
        assertThat(pace.begun()).isFalse();
        assertThat(pace.next(0, 1)).isEqualTo(1);
    }

    @Test
    void theQueueIsSharedAmongTheWorkersAskedForThoughOneIsLaunchedAtATime() {
        LaunchPace pace = new LaunchPace(1);
        pace.start(2);
        pace.next(0, 1);
        assertThat(pace.sharing(1)).isEqualTo(2);
        assertThat(pace.sharing(3)).as("never fewer than those launched").isEqualTo(3);
    }

    @Test
    void theNextWaitsForATaskThatNoWorkerStartsNext() {
        LaunchPace pace = new LaunchPace(1);
        pace.start(2);
        assertThat(pace.next(0, 1)).isEqualTo(1);
        assertThat(pace.next(0, 0)).as("worker 1 ready and running the only task").isZero();
        assertThat(pace.next(0, 1)).as("a task waits").isEqualTo(2);
    }

    @Test
    void onceATaskIsAnsweredTheRestLaunchWithoutWaitingTasks() {
        LaunchPace pace = new LaunchPace(1);
        pace.start(3);
        pace.next(0, 1);
        pace.answered();
        assertThat(pace.next(0, 0)).isEqualTo(2);
        assertThat(pace.next(1, 0)).as("still one at a time").isZero();
        pace.start(2);
        assertThat(pace.next(0, 0)).as("a new start waits for a task again").isZero();
    }

    @Test
    void remoteWorkersStartAtOnceWhateverWaits() {
        LaunchPace pace = new LaunchPace(Integer.MAX_VALUE);
        pace.start(2);
        assertThat(pace.next(0, 1)).isEqualTo(1);
        assertThat(pace.next(1, 0)).isEqualTo(2);
    }
}
