package io.mppfc.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One measure taken as runs of a reference and of ours, alternated in the same JVM with the
 * order rotated (reference then ours, then ours then reference...), so that whatever the machine
 * does meanwhile weighs on both and neither always runs on caches the other warmed. Each run
 * records the wall-clock time and this thread's CPU time per operation; the ratio is taken run
 * by run (ours over the reference of the same pair) and reported as min / median / max. On a
 * loaded machine the CPU time says more than the wall clock: it leaves out the time spent
 * waiting for a core, though not the caches another process evicted.
 */
final class Interleaved {

    /** The fewest recorded pairs a row is printed from: one run proves nothing on this machine. */
    static final int MIN_RUNS = 5;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String what;
    private final List<double[]> reference = new ArrayList<>(); // {wall ns per op, CPU ns per op}
    private final List<double[]> ours = new ArrayList<>();
    private int pairs; // warm-up pairs included: they take part in the rotation too

    Interleaved(String what) {
        this.what = what;
    }

    /** Wall-clock and CPU nanoseconds per operation of one run, which returns how many operations it did. */
    static double[] time(Callable<Integer> run) throws Exception {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        int operations = run.call();
        long wall = System.nanoTime() - wall0;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        return new double[] {wall / (double) operations, cpu / (double) operations};
    }

    /**
     * Times one pair, the reference first in even pairs and ours first in odd ones; a warm-up
     * pair is passed {@code record = false}.
     */
    void pair(Callable<Integer> referenceRun, Callable<Integer> ourRun, boolean record) throws Exception {
        double[] r;
        double[] o;
        if (pairs++ % 2 == 0) {
            r = time(referenceRun);
            o = time(ourRun);
        } else {
            o = time(ourRun);
            r = time(referenceRun);
        }
        if (record) {
            add(r, o);
        }
    }

    /** Records a pair timed elsewhere (when ours must run first, to make what the reference needs). */
    void add(double[] referenceRun, double[] ourRun) {
        reference.add(referenceRun);
        ours.add(ourRun);
    }

    int runs() {
        return ours.size();
    }

    /** Ours over the reference, pair by pair: {@code column} 0 for the wall clock, 1 for CPU time. */
    double[] ratios(int column) {
        double[] ratio = new double[runs()];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = ours.get(i)[column] / reference.get(i)[column];
        }
        return ratio;
    }

    /** Ours' nanoseconds per operation, run by run: {@code column} 0 for the wall clock, 1 for CPU time. */
    double[] ours(int column) {
        return column(ours, column);
    }

    /** The reference's nanoseconds per operation, run by run. */
    double[] reference(int column) {
        return column(reference, column);
    }

    static void header() {
        System.out.println("| measure | runs | mppfc µs (min / median / max) | reference µs (min / median / max) "
                + "| ratio, run by run (min / median / max) | CPU µs per op, mppfc / reference (median) "
                + "| CPU ratio (min / median / max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    }

    void row() {
        requireRuns();
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | **%s** | %.2f / %.2f | %s |%n", what, runs(),
                spread(ours(0), 1e-3, "%.2f"), spread(reference(0), 1e-3, "%.2f"), spread(ratios(0), 1, "%.2f×"),
                median(ours(1)) / 1000, median(reference(1)) / 1000, spread(ratios(1), 1, "%.2f×"));
    }

    /**
     * A table cell: the wall-clock medians of ours and of the reference, the wall-clock ratio's
     * min / median / max, and the CPU time ratio's median.
     */
    String cell() {
        requireRuns();
        return String.format(Locale.ROOT, "%.1f / %.1f µs (%s; CPU %.2f×)", median(ours(0)) / 1000,
                median(reference(0)) / 1000, spread(ratios(0), 1, "%.2f×"), median(ratios(1)));
    }

    private void requireRuns() {
        if (runs() < MIN_RUNS) {
            throw new IllegalStateException(what + ": " + runs() + " runs, fewer than " + MIN_RUNS);
        }
    }

    /** min / median / max of {@code values}, each scaled and formatted alike. */
    static String spread(double[] values, double scale, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted[0] * scale,
                median(sorted) * scale, sorted[sorted.length - 1] * scale);
    }

    /** The median; of an even count, the mean of the middle two. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** {@code arms} in the order of run {@code run}: each goes first in turn. */
    static <T> List<T> rotated(List<T> arms, int run) {
        List<T> order = new ArrayList<>(arms);
        Collections.rotate(order, run);
        return order;
    }

    private static double[] column(List<double[]> runs, int which) {
        return runs.stream().mapToDouble(r -> r[which]).toArray();
    }
}
