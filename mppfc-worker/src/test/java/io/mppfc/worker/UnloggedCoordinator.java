package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;

/** A user's program with no SLF4J provider on its classpath: one worker, one chatty task, one that logs a warning. */
public final class UnloggedCoordinator {

    private UnloggedCoordinator() {
    }

    public static void main(String[] args) {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::chatty).path(Path.of(args[0]))
                .workerClasspath(System.getProperty("java.class.path")).build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
        }
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(UnloggedCoordinator::warns)
                .path(Path.of(args[0])).workerClasspath(System.getProperty("java.class.path")).build()) {
            f.startWorkers(1);
            f.apply(7);
            f.awaitAll();
        }
    }

    /** Logs one warning through SLF4J in the worker, where no provider is bound either. */
    public static int warns(int x) {
        org.slf4j.LoggerFactory.getLogger(UnloggedCoordinator.class).warn("the input {} is odd", x);
        return x;
    }
}
