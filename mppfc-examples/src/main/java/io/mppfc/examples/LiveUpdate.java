package io.mppfc.examples;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.NumProc;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The notebook story of the original: evaluate the loop again and again while the workers run,
 * and show the results that are there already. {@code scripts/live-update.jsh} does the same
 * in jshell, a cell at a time.
 */
public final class LiveUpdate {

    private LiveUpdate() {
    }

    public static double slow(double x) throws InterruptedException {
        Thread.sleep(250);
        return Math.sin(x);
    }

    /** One evaluation of the "cell": every value that is ready, and how many are. */
    public static int show(MultiProcCachedFunction1<Double, Double> f, int n) {
        StringBuilder row = new StringBuilder();
        int ready = 0;
        for (int i = 0; i < n; i++) {
            Double y = f.apply(i / 10.0);
            row.append(y == null ? "  .  " : String.format(" %+.2f", y));
            ready += y == null ? 0 : 1;
        }
        System.out.println(row + "   " + ready + "/" + n + " ready");
        return ready;
    }

    public static void main(String[] args) throws Exception {
        Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mppfc-live");
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(LiveUpdate::slow).path(root).build()) {
            f.startWorkers(NumProc.all());
            while (show(f, 12) < 12) {
                Thread.sleep(400); // in a notebook: run the cell again
            }
            f.awaitAll();
        }
    }
}
