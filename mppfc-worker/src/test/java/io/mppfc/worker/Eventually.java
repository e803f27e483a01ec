package io.mppfc.worker;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a generous bound: synchronisation for tests, never a sleep. */
final class Eventually {

    private Eventually() {
    }

    /** Class data, which another process makes at the lowest priority, has a bound of its own: {@link TestClassData#await}. */
    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, 60, condition, () -> "");
    }

    /** With a bound of its own, and what to say besides if it runs out. */
    static void until(String what, long seconds, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String said = state.get();
                throw new AssertionError(what + ": not within " + seconds + " s" + (said.isEmpty() ? "" : "; " + said));
            }
            Thread.sleep(5);
        }
    }
}
