package io.mppfc.examples;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Path;

/**
 * The program side of {@code scripts/prewarm-example}: a CI job prewarmed the cache with
 * {@code mppfc prewarm}; this program reads every value with zero computation.
 */
public final class Prewarm {

    private Prewarm() {
    }

    /** The expensive function the CI job prewarmed. */
    public static double energy(double coupling, int levels) throws InterruptedException {
        Thread.sleep(200);
        return -coupling * levels * levels;
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".cache");
        MultiProcCachedFunction2<Double, Integer, Double> energy = Mppfc.cache(Prewarm::energy).path(root).build();
        int computed = 0;
        for (double coupling : new double[] {0.5, 1.0, 1.5}) {
            for (int levels = 1; levels <= 3; levels++) {
                computed += energy.hasKey(coupling, levels) ? 0 : 1;
                System.out.printf("energy(%.1f, %d) = %.2f%n", coupling, levels, energy.apply(coupling, levels));
            }
        }
        System.out.println(computed + " of 9 computed here (the rest came from the prewarmed cache)");
    }
}
