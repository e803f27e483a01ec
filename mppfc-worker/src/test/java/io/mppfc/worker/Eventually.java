package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a generous bound: synchronisation for tests, never a sleep. */
final class Eventually {

    private Eventually() {
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, 60, condition);
    }

    /** With a bound of its own, for what another process does at the lowest priority (class data). */
    static void until(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
