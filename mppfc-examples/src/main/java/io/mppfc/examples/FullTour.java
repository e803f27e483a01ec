package io.mppfc.examples;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The original's full tour: the cache flags, workers with a status line, join with a timeout
 * in the middle of a run, terminate, the counters and the average time.
 */
public final class FullTour {

    private FullTour() {
    }

    static double slow(double x) throws InterruptedException {
        Thread.sleep(300);
        if (x < 0) {
            throw new IllegalArgumentException("x must not be negative, got " + x);
        }
        return Math.sqrt(x);
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mppfc-tour");
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(FullTour::slow).path(root).build()) {
            System.out.println("== plain calls");
            System.out.println("apply(4.0)      = " + f.apply(4.0) + "   (computed and stored)");
            System.out.println("hasKey(4.0)     = " + f.hasKey(4.0));
            System.out.println("cacheOnly(4.0)  = " + f.cacheOnly(4.0) + "   (from disk, never computed)");
            System.out.println("calculationTime = " + f.calculationTime(4.0).toMillis() + " ms (stored with the result)");
            System.out.println("noCache(9.0)    = " + f.noCache(9.0) + "   (nothing stored: hasKey(9.0) = " + f.hasKey(9.0) + ")");
            System.out.println("update(4.0)     = " + f.update(4.0) + "   (computed again, overwritten)");
            f.setResult(10.0, 100.0);
            System.out.println("setResult(10.0, 100.0), then apply(100.0) = " + f.apply(100.0));

            System.out.println("== workers");
            f.startWorkers(2);
            for (int i = 0; i < 8; i++) {
                f.apply((double) i);
            }
            f.apply(-1.0);
            System.out.println("queued (4.0 is cached already): " + f.status());
            f.awaitAll(Duration.ofMillis(500));
            try {
                f.apply(-1.0);
            } catch (ErroneousFunctionCall e) {
                System.out.println("apply(-1.0) failed in a worker: " + e.exceptionClass() + ": " + e.exceptionMessage());
            }
            System.out.println("sqrt(7) = " + f.apply(7.0) + "   (cached by a worker)");

            System.out.println("== join in the middle of a run");
            f.startWorkers(2);
            for (int i = 10; i < 16; i++) {
                f.apply((double) i);
            }
            // until both run a task, or none is left to start: on a loaded machine one worker
            // may finish the rest before the other has started
            while (f.status().inProgress() < 2 && f.status().waiting() > 0) {
                Thread.sleep(10);
            }
            boolean stopped = f.join(Duration.ofSeconds(10));
            Status afterJoin = f.status();
            System.out.println("join: all stopped = " + stopped + "; " + afterJoin);

            System.out.println("== terminate");
            f.startWorkers(2);
            while (f.status().inProgress() < 2 && f.status().waiting() > 0) {
                Thread.sleep(10);
            }
            f.terminate(Duration.ofSeconds(10));
            System.out.println("terminate: " + f.status());
            f.startWorkers(2);
            f.awaitAll();
            System.out.println("the rest: " + f.status());
            System.out.printf("average time per task: %.0f ms%n", f.status().averageTime().toNanos() / 1e6);
        }
    }
}
