package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** A program that starts busy workers and then fails without awaitAll or close, as programs do. */
public final class AbandonedCoordinator {

    private AbandonedCoordinator() {
    }

    public static void main(String[] args) throws Exception {
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(Path.of(args[0])).build();
        f.startWorkers(2);
        f.apply(600.0);
        f.apply(600.5);
        while (f.status().inProgress() < 2) {
            Thread.sleep(10);
        }
        System.out.println("WORKERS " + ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
                .collect(Collectors.joining(" ")));
        System.out.flush();
        throw new IllegalStateException("the user's program fails here");
    }
}
