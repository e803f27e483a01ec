package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A coordinator for the no-orphans tests: starts two busy workers, prints their pids, then
 * either waits to be killed ({@code wait}) or fails without awaitAll or close ({@code fail}),
 * as programs do.
 */
public final class OrphanCoordinator {

    private OrphanCoordinator() {
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
        if (args[1].equals("fail")) {
            throw new IllegalStateException("the user's program fails here");
        }
        Thread.sleep(600_000);
    }
}
