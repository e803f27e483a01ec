package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Path;

/** One of two coordinators filling the same cache with the same keys at the same time. */
public final class SharedCacheCoordinator {

    private SharedCacheCoordinator() {
    }

    public static void main(String[] args) {
        Path cache = Path.of(args[0]);
        String log = args[1];
        try (MultiProcCachedFunction2<String, Integer, Integer> f = Mppfc.cache(TestFunctions::counted).path(cache).build()) {
            f.startWorkers(2);
            for (int i = 0; i < 60; i++) {
                f.apply(log, i);
            }
            f.awaitAll();
            int missing = 0;
            for (int i = 0; i < 60; i++) {
                missing += f.hasKey(log, i) ? 0 : 1;
            }
            System.out.println("MISSING " + missing);
        }
    }
}
