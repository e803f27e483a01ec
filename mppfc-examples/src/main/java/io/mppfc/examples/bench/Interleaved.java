package io.mppfc.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * One measure taken as runs of a reference and of ours, alternated in the same JVM (reference,
 * ours, reference, ours...), so that whatever the machine does meanwhile weighs on both. Each
 * run records the wall-clock time and this thread's CPU time per operation; the ratio is taken
 * run by run (ours over the reference just before it) and reported as min / median / max. On a
 * loaded machine the CPU time says more than the wall clock: it leaves out the time spent
 * waiting for a core, though not the caches another process evicted.
 */
final class Interleaved {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String what;
    private final List<double[]> reference = new ArrayList<>(); // {wall ns per op, CPU ns per op}
    private final List<double[]> ours = new ArrayList<>();

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

    /** Records one pair; a warm-up pair is passed {@code record = false}. */
    void pair(Callable<Integer> referenceRun, Callable<Integer> ourRun, boolean record) throws Exception {
        double[] r = time(referenceRun);
        double[] o = time(ourRun);
        if (record) {
            reference.add(r);
            ours.add(o);
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

    static void header() {
        System.out.println("| measure | runs | mppfc µs (min / median / max) | reference µs | ratio (min / median / max) "
                + "| CPU µs per op, mppfc / reference (median) | CPU ratio (min / median / max) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    }

    void row() {
        double[] wallRatio = new double[runs()];
        double[] cpuRatio = new double[runs()];
        for (int i = 0; i < runs(); i++) {
            wallRatio[i] = ours.get(i)[0] / reference.get(i)[0];
            cpuRatio[i] = ours.get(i)[1] / reference.get(i)[1];
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %.2f / %.2f | %s |%n", what, runs(),
                spread(column(ours, 0), 1e-3, "%.2f"), spread(column(reference, 0), 1e-3, "%.2f"),
                spread(wallRatio, 1, "%.2f×"), median(column(ours, 1)) / 1000, median(column(reference, 1)) / 1000,
                spread(cpuRatio, 1, "%.2f×"));
    }

    /** min / median / max of {@code values}, each scaled and formatted alike. */
    static String spread(double[] values, double scale, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted[0] * scale,
                sorted[sorted.length / 2] * scale, sorted[sorted.length - 1] * scale);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double[] column(List<double[]> runs, int which) {
        return runs.stream().mapToDouble(r -> r[which]).toArray();
    }
}
