package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous bound: synchronisation for tests, never a sleep. */
final class Eventually {

    private Eventually() {
    }

    /** Class data, which another process makes at the lowest priority, has a bound of its own: {@link TestClassData#await}. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long seconds = 60;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
