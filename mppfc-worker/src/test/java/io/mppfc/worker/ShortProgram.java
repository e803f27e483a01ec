package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;

/** A program that ends as soon as its one result is in: args are the cache root and the workers' classpath. */
public final class ShortProgram {

    private ShortProgram() {
    }

    public static void main(String[] args) {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(Path.of(args[0]))
                .workerClasspath(args[1]).build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
        }
    }
}
