package io.mppfc.examples;

import io.mppfc.Mppfc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The original's CacheInit: an expensive constructor, built once, loaded on every later call. */
public final class CachedConstruction {

    private CachedConstruction() {
    }

    /** A model whose construction (a fit, say) is expensive. */
    public static final class Model {
        private final int size;
        private final double[] weights;

        public Model(int size, double scale) throws InterruptedException {
            Thread.sleep(500); // the expensive part
            this.size = size;
            this.weights = new double[size];
            Arrays.setAll(weights, i -> scale * i);
        }

        double predict(int i) {
            return weights[i % size];
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mppfc-construction");
        io.mppfc.CachedConstruction<Model> models = Mppfc.construct(Model::new).path(root).build();
        for (int round = 1; round <= 2; round++) {
            boolean cached = models.hasInstance(1000, 0.5);
            long start = System.nanoTime();
            Model m = models.instance(1000, 0.5);
            System.out.printf("round %d: predict(3) = %.1f in %.0f ms (%s)%n", round, m.predict(3),
                    (System.nanoTime() - start) / 1e6, cached ? "loaded from the cache" : "built and stored");
        }
    }
}
