package io.mppfc.examples;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.NumProc;
import io.mppfc.Status;
import java.nio.file.Path;

/**
 * The minimal example, as in the original's README: a slow function, cached on disk and
 * computed by worker processes. The first run prints {@code null} for every value (the workers
 * compute in the background) and waits for them; the second run prints every value at once.
 */
public final class Minimal {

    private Minimal() {
    }

    /** Stands for an expensive computation. */
    static double slowFunction(double x) throws InterruptedException {
        Thread.sleep(200);
        return x * x;
    }

    public static void main(String[] args) {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(Minimal::slowFunction)
                .path(Path.of(args.length > 0 ? args[0] : ".cache"))
                .build()) {
            long start = System.nanoTime();
            f.startWorkers(NumProc.all());
            int fromCache = 0;
            for (int i = 0; i < 10; i++) {
                Double y = f.apply((double) i);
                fromCache += y != null ? 1 : 0;
                System.out.printf("slowFunction(%d) = %s%n", i, y);
            }
            Status done = f.awaitAll();
            System.out.printf("%d of 10 from the cache, %d computed by workers, %d failed; %.2f s%n", fromCache,
                    done.done(), done.failed(), (System.nanoTime() - start) / 1e9);
            System.out.println("cache: " + f.cacheDir());
        }
    }
}
