package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventInboxTest {

    private final EventInbox inbox = new EventInbox();

    private static PoolEvent event() {
        return new PoolEvent.QueryStatus(new CompletableFuture<>());
    }

    /** Takes on a thread of its own, without a bound (as the coordinator does while it has no workers), once asleep. */
    private CompletableFuture<List<PoolEvent>> takeOnAnotherThread() throws InterruptedException {
        CompletableFuture<List<PoolEvent>> taken = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            List<PoolEvent> batch = new ArrayList<>();
            try {
                inbox.takeInto(batch, -1);
                taken.complete(batch);
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        taker.setDaemon(true);
        taker.start();
        while (taker.getState() != Thread.State.WAITING && !taken.isDone()) {
            Thread.sleep(1);
        }
        return taken;
    }

    @Test
    void aPostWakesTheSleepingTakerWithTheEvent() throws Exception {
        CompletableFuture<List<PoolEvent>> taken = takeOnAnotherThread();
        PoolEvent event = event();
        inbox.post(event);
        assertThat(taken.get(10, TimeUnit.SECONDS)).containsExactly(event);
    }

    @Test
    void aQuietPostWaitsForTheNextWakeUp() throws Exception {
        CompletableFuture<List<PoolEvent>> taken = takeOnAnotherThread();
        PoolEvent quiet = event();
        inbox.postQuietly(quiet);
        Thread.sleep(200);
        assertThat(taken).as("still asleep").isNotDone();
        inbox.wake();
        assertThat(taken.get(10, TimeUnit.SECONDS)).containsExactly(quiet);
    }

    @Test
    void aQuietPostMadeBeforeTheTakerSleepsIsTakenWithoutAWakeUp() throws Exception {
        PoolEvent quiet = event();
        inbox.postQuietly(quiet);
        assertThat(takeOnAnotherThread().get(10, TimeUnit.SECONDS)).containsExactly(quiet);
    }

    @Test
    void aBatchArrivesWholeAndInOrder() throws Exception {
        List<PoolEvent> posted = List.of(event(), event(), event());
        inbox.postAll(posted);
        List<PoolEvent> batch = new ArrayList<>();
        inbox.takeInto(batch, TimeUnit.SECONDS.toNanos(10));
        assertThat(batch).containsExactlyElementsOf(posted);
    }

    @Test
    void aBoundedTakeReturnsEmptyWhenNothingComes() throws Exception {
        List<PoolEvent> batch = new ArrayList<>();
        long start = System.nanoTime();
        inbox.takeInto(batch, TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(batch).isEmpty();
        assertThat(System.nanoTime() - start).as("slept for its bound").isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(100));
    }
}
