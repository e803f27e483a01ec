package io.mppfc.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * What the sleeping tasks' row counts as a thread's wake-ups ({@link ThreadCpu#total}): each time
 * a parked thread is woken, it is put on a CPU once more.
 */
class ThreadCpuTest {

    @Test
    void aThreadParkedAndWokenFiftyTimesIsPutOnACpuAtLeastFiftyTimes() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux's /proc");
        AtomicInteger permits = new AtomicInteger();
        AtomicInteger woken = new AtomicInteger();
        Thread parker = new Thread(() -> {
            while (woken.get() < 51) {
                if (permits.get() > woken.get()) {
                    woken.incrementAndGet();
                } else {
                    LockSupport.park(); // a spurious return only loops and parks again
                }
            }
        }, "parked-and-woken");
        ThreadCpu before = ThreadCpu.now();
        parker.start();
        for (int i = 0; i < 50; i++) {
            awaitParked(parker, woken.get());
            int seen = woken.get();
            permits.incrementAndGet();
            LockSupport.unpark(parker);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (woken.get() == seen && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
        awaitParked(parker, woken.get());
        // read while the thread lives: one that ended between two readings counts as nothing
        double[] spent = ThreadCpu.now().total(before, "coordinator JVM", false);
        permits.incrementAndGet();
        LockSupport.unpark(parker);
        parker.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(woken.get()).isEqualTo(51);
        assertThat(spent[1]).isGreaterThanOrEqualTo(50);
    }

    /** Until the thread is parked again after {@code count} wake-ups (bounded: a hang fails the test). */
    private static void awaitParked(Thread thread, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(thread.getState()).as("parked after %d wake-ups", count).isEqualTo(Thread.State.WAITING);
    }
}
