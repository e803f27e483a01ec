package io.mppfc.examples;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;

/**
 * The minimal example: a slow function, cached on disk. Run it twice: the first run computes
 * (about 2 s), the second finds every result in {@code .cache} at once.
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
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(Minimal::slowFunction)
                .path(Path.of(args.length > 0 ? args[0] : ".cache"))
                .build();
        long start = System.nanoTime();
        int computed = 0;
        for (int i = 0; i < 10; i++) {
            double x = i;
            if (!f.hasKey(x)) {
                computed++;
            }
            System.out.printf("slowFunction(%.1f) = %.1f%n", x, f.apply(x));
        }
        System.out.printf("%d of 10 computed, %d from the cache, in %.2f s%n", computed, 10 - computed,
                (System.nanoTime() - start) / 1e9);
        System.out.println("cache: " + f.cacheDir());
    }
}
