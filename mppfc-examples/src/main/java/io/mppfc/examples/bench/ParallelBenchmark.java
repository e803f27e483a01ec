package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The costs of parallel evaluation with real worker JVMs, each next to its ideal. Prints a
 * Markdown table. Not a test: numbers depend on the machine.
 */
public final class ParallelBenchmark {

    /** -Dmppfc.bench.profile=true: where the CPU of the trivial tasks went, by process and thread (Linux). */
    private static final boolean PROFILE = Boolean.getBoolean("mppfc.bench.profile");
    /** -Dmppfc.bench.runs=N: how many runs each row of the trivial and sleeping tasks is the spread of. */
    private static final int RUNS = Integer.getInteger("mppfc.bench.runs", 5);

    private ParallelBenchmark() {
    }

    static int trivial(int x) {
        return x;
    }

    static int sleep5ms(int x) throws InterruptedException {
        Thread.sleep(5);
        return x;
    }

    /** About 50 ms of arithmetic, no allocation, no sleeping: what a CPU-bound task looks like. */
    static double burn(int seed) {
        double x = seed;
        for (int i = 0; i < 2_000_000; i++) {
            x = x * 1.0000001 + Math.sin(i) * 1e-9;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-parallel-bench");
        try {
            System.out.println("| measure | mppfc | ideal / reference | ratio |");
            System.out.println("|---|---:|---:|---:|");
            // one part alone when named: trivial, sleep, speedup, first or pending
            String only = args.length > 0 ? args[0] : "";
            if (only.isEmpty() || only.equals("trivial")) {
                trivialThroughput(work);
            }
            if (only.isEmpty() || only.equals("sleep")) {
                sleepOverhead(work);
            }
            if (only.isEmpty() || only.equals("speedup")) {
                speedup(work);
            }
            if (only.isEmpty() || only.equals("first")) {
                firstResult(work);
            }
            if (only.isEmpty() || only.equals("pending")) {
                pendingApplyCost(work);
            }
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    /** -Dmppfc.bench.workerJvmOptions="-agentpath:... -XX:...": the workers' JVM options, for profiles. */
    private static String[] experimentalWorkerOptions() {
        String options = System.getProperty("mppfc.bench.workerJvmOptions", "").trim();
        return options.isEmpty() ? new String[0] : options.split("\\s+");
    }

    /**
     * Trivial tasks measure what a task costs beyond storing its result. Cold: the first 20,000
     * tasks of new workers, JIT compilation included. Warm: 20,000 more on the same workers, as a
     * long scan runs after its first seconds. Hot: 20,000 more after the first 140,000, when the
     * workers' compilers have little left to do (by phases of 20,000 tasks, throughput grew until
     * about then). The reference is two threads storing the same entries, run right before each
     * part in even rounds and right after it in odd ones: this disk's speed drifts several-fold
     * within seconds, so each ratio is taken run by run, and the row gives their min / median /
     * max over {@code mppfc.bench.runs} runs.
     */
    private static final int HOT_AFTER = 140_000;

    private static void trivialThroughput(Path work) throws Exception {
        requireRuns();
        int n = 20_000;
        List<Double> cold = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        List<Double> hot = new ArrayList<>();
        List<Double> limits = new ArrayList<>();
        try (TwoThreadWrites reference = new TwoThreadWrites(work.resolve("limit"), n, PROFILE)) {
            for (int round = 0; round < RUNS; round++) {
                // each part paired with a run of the reference, before it in even rounds and after it in odd ones
                boolean referenceFirst = round % 2 == 0;
                MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(ParallelBenchmark::trivial)
                        .path(work.resolve("trivial" + round)).workerJvmOptions(experimentalWorkerOptions()).build();
                f.startWorkers(2);
                f.apply(-1); // launches the workers; the pause lets both get ready before the clock starts
                Thread.sleep(1500);
                cold.add(share(reference, referenceFirst, limits, () -> timeTasks(f, 0, n)));
                warm.add(share(reference, referenceFirst, limits, () -> timeTasks(f, n, n)));
                timeTasks(f, 2 * n, HOT_AFTER - 2 * n); // until the workers' JIT has little left to do
                hot.add(share(reference, referenceFirst, limits, () -> timeTasks(f, HOT_AFTER, n)));
                f.awaitAll();
            }
        }
        System.out.printf("| %d trivial tasks on 2 new workers (cold JIT), as a share of 2 threads storing the same "
                + "entries by bare temp write + rename, run by run (min / median / max of %d) | %s %% | %s tasks/s "
                + "(the reference, all its runs) | |%n", n, RUNS, spread(percent(cold), "%.0f"),
                spread(limits, "%.0f"));
        System.out.printf("| %d more trivial tasks on the same workers (warm) | %s %% | | |%n", n,
                spread(percent(warm), "%.0f"));
        System.out.printf("| %d more trivial tasks after the first %d (hot, as a long scan runs) | %s %% | | |%n", n,
                HOT_AFTER, spread(percent(hot), "%.0f"));
    }

    /** A timed part's tasks per second over a run of the reference's, the reference's rate added to {@code limits}. */
    private static double share(TwoThreadWrites reference, boolean referenceFirst, List<Double> limits,
            java.util.concurrent.Callable<Double> part) throws Exception {
        double limit = referenceFirst ? reference.next() : Double.NaN;
        double ours = part.call();
        if (!referenceFirst) {
            limit = reference.next();
        }
        limits.add(limit);
        return ours / limit;
    }

    private static List<Double> percent(List<Double> shares) {
        return shares.stream().map(share -> 100 * share).toList();
    }

    /** Tasks per second for keys first..first+n-1, until all are done (the workers go on). */
    private static double timeTasks(MultiProcCachedFunction1<Integer, Integer> f, int first, int n)
            throws InterruptedException {
        ThreadCpu cpuBefore = ThreadCpu.now();
        long wallStart = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = first; i < first + n; i++) {
            f.apply(i);
        }
        awaitIdle(f);
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        if (PROFILE) {
            // the window's wall-clock bounds, to cut a JFR recording of the whole run to this part
            System.out.printf("%ntasks %d..%d from %d to %d ms since the epoch%n", first, first + n - 1, wallStart,
                    System.currentTimeMillis());
            ThreadCpu.now().printSince(cpuBefore, n);
        }
        return perSecond;
    }

    /**
     * Pairs of runs of 400 and 1200 tasks sleeping 5 ms: the time beyond the ideal grows by the
     * per-task overhead (the slope), and what both share is the fixed cost of a run (the first
     * tasks before their time is known, the last result's way back). Each pair gives one slope;
     * the row is their min / median / max (the machine is noisy: one run proves nothing), the
     * order of the two runs alternating pair by pair. A sleeping task wakes late on a loaded
     * machine, by more than the target, so the same slope is also taken of what does not depend
     * on when a sleep ends: the CPU time of every thread of the coordinator's JVM and of both
     * workers, and the times the coordinator's JVM's threads were put on a CPU (its wake-ups),
     * per task.
     */
    private static void sleepOverhead(Path work) throws Exception {
        requireRuns();
        int few = 400;
        int many = 1200;
        List<Double> slopes = new ArrayList<>();
        List<Double> fixed = new ArrayList<>();
        List<Double> shortRuns = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> ownCpu = new ArrayList<>();
        List<Double> coordinatorCpu = new ArrayList<>();
        List<Double> wakeUps = new ArrayList<>();
        List<Double> workerWakeUps = new ArrayList<>();
        for (int round = 0; round < RUNS; round++) {
            double[] s;
            double[] l;
            if (round % 2 == 0) {
                s = sleepRun(work.resolve("sleep" + few + "-" + round), few);
                l = sleepRun(work.resolve("sleep" + many + "-" + round), many);
            } else {
                l = sleepRun(work.resolve("sleep" + many + "-" + round), many);
                s = sleepRun(work.resolve("sleep" + few + "-" + round), few);
            }
            double tasksPerWorker = (many - few) / 2.0;
            double perTaskMs = (l[0] - s[0]) / tasksPerWorker * 1000;
            slopes.add(perTaskMs);
            fixed.add(s[0] * 1000 - perTaskMs * few / 2.0);
            shortRuns.add(s[0] / (few / 2.0) * 1000);
            cpu.add((l[3] - s[3]) / (many - few) * 1e6);
            ownCpu.add((l[7] - s[7]) / (many - few) * 1e6);
            coordinatorCpu.add((l[4] - s[4]) / (many - few) * 1e6);
            wakeUps.add((l[5] - s[5]) / (many - few));
            workerWakeUps.add((l[6] - s[6]) / (many - few));
            if (PROFILE) {
                System.out.printf("| run %d: slope | %.3f ms | (%d tasks: %.3f s beyond the ideal of %.2f s; %d: %.3f s "
                        + "beyond %.2f s) | |%n", round + 1, perTaskMs, few, s[0], s[1], many, l[0], l[1]);
            }
        }
        System.out.printf("| tasks sleeping 5 ms on 2 workers: overhead per task beyond the ideal (slope of %d and %d "
                + "tasks; min / median / max of %d pairs) | %s ms | (%s ms fixed per run: first tasks, the last "
                + "result's way back) | |%n", few, many, RUNS, spread(slopes, "%.3f"), spread(fixed, "%.0f"));
        System.out.printf("| the same slope, CPU time per task of the threads of the coordinator's JVM and both workers' "
                + "but the JIT's compilers (min / median / max of %d pairs) | %s µs (the coordinator's JVM: %s µs) "
                + "| (with the compilers: %s µs) | |%n", RUNS, spread(ownCpu, "%.1f"), spread(coordinatorCpu, "%.1f"),
                spread(cpu, "%.1f"));
        System.out.printf("| the same slope, times a thread was put on a CPU per task, the coordinator's JVM "
                + "(min / median / max of %d pairs) | %s | (the workers': %s) | |%n", RUNS, spread(wakeUps, "%.2f"),
                spread(workerWakeUps, "%.2f"));
        System.out.printf("| %d tasks sleeping 5 ms on 2 workers: all overhead beyond the ideal, per task (min / median "
                + "/ max of %d) | %s ms | | |%n", few, RUNS, spread(shortRuns, "%.3f"));
    }

    /** A row is the spread of at least {@link Interleaved#MIN_RUNS} runs. */
    private static void requireRuns() {
        if (RUNS < Interleaved.MIN_RUNS) {
            throw new IllegalArgumentException("-Dmppfc.bench.runs=" + RUNS + ": a row needs at least "
                    + Interleaved.MIN_RUNS + " runs");
        }
    }

    /** Min / median / max (the median of an even count is the mean of the middle two, as {@link Interleaved}'s). */
    private static String spread(List<Double> values, String format) {
        return Interleaved.spread(values.stream().mapToDouble(Double::doubleValue).toArray(), 1, format);
    }

    /**
     * Seconds beyond the ideal, the ideal, the measured task time; then, from the first task's
     * {@code apply} to the last result in (the workers not yet stopped): CPU seconds of all the
     * pool's threads, of the coordinator's JVM alone without its compilers, the times the
     * coordinator's JVM's and the workers' threads (but the compilers) were put on a CPU, and
     * the CPU seconds of both JVMs' threads but the compilers.
     */
    private static double[] sleepRun(Path dir, int n) throws Exception {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(ParallelBenchmark::sleep5ms).path(dir)
                .workerJvmOptions(experimentalWorkerOptions()).build();
        f.startWorkers(2);
        f.apply(-1);
        f.awaitAll();
        f.startWorkers(2);
        f.apply(-2);
        Thread.sleep(1500);
        ThreadCpu before = ThreadCpu.now();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            f.apply(i);
        }
        awaitDone(f);
        double seconds = (System.nanoTime() - start) / 1e9;
        ThreadCpu after = ThreadCpu.now();
        f.awaitAll();
        double measuredTask = f.status().averageTime().toNanos() / 1e9;
        double ideal = n * measuredTask / 2;
        double[] all = after.total(before, null, true);
        double[] coordinator = after.total(before, "coordinator JVM", false);
        double[] workers = after.total(before, "worker JVMs", false);
        return new double[] {seconds - ideal, ideal, measuredTask, all[0], coordinator[0], coordinator[1], workers[1],
            coordinator[0] + workers[0]};
    }

    /**
     * Until no task waits or runs: a look every 100 ms while more than a few are left, then every
     * millisecond. Each look is a round trip to the coordinator's thread, counted in the CPU and
     * wake-ups; the coarse looks grow with the run (about one per 40 tasks) and the fine ones
     * do not, so the end is found within a millisecond at a cost per task far below the target.
     */
    private static void awaitDone(MultiProcCachedFunction1<?, ?> f) throws InterruptedException {
        for (Status s = f.status(); s.waiting() + s.inProgress() > 0; s = f.status()) {
            Thread.sleep(s.waiting() + s.inProgress() > 8 ? 100 : 1);
        }
    }

    /**
     * CPU-bound tasks on warm workers, until their last result is in (a worker's exit at
     * awaitAll is a fixed cost of a run, in the sleeping tasks' row), next to the same tasks on
     * threads of one JVM: what two cores of this machine allow.
     */
    private static void speedup(Path work) throws Exception {
        requireRuns();
        List<Double> workers = new ArrayList<>();
        List<Double> threads = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int round = 0; round < RUNS; round++) {
            // the four runs rotated round by round: none always runs first, on what another left
            double[] t = new double[4];
            for (int arm : Interleaved.rotated(List.of(0, 1, 2, 3), round)) {
                t[arm] = switch (arm) {
                    case 0 -> burnRun(work.resolve("burn1-" + round), 1);
                    case 1 -> burnRun(work.resolve("burn2-" + round), 2);
                    case 2 -> burnInThreads(1);
                    default -> burnInThreads(2);
                };
            }
            workers.add(t[0] / t[1]);
            threads.add(t[2] / t[3]);
            shares.add(100 * (t[0] / t[1]) / (t[2] / t[3]));
        }
        System.out.printf("| 40 CPU-bound tasks of ~50 ms: speedup of 2 workers over 1 (min / median / max of %d) | %s× "
                + "| 2 threads over 1 in one JVM: %s× | %s %% (run by run) |%n", RUNS, spread(workers, "%.2f"),
                spread(threads, "%.2f"), spread(shares, "%.0f"));
    }

    private static double burnRun(Path dir, int workers) throws Exception {
        MultiProcCachedFunction1<Integer, Double> f = Mppfc.cache(ParallelBenchmark::burn).path(dir).build();
        f.startWorkers(workers);
        for (int i = 0; i < 10 * workers; i++) {
            f.apply(-1 - i); // burn compiled; a worker's own per-task code takes ~200 tasks
        }
        awaitIdle(f);
        ThreadCpu cpuBefore = ThreadCpu.now();
        long start = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            f.apply(i);
        }
        awaitIdle(f);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (PROFILE) {
            ThreadCpu.now().printSince(cpuBefore, 40);
        }
        f.awaitAll();
        return seconds;
    }

    /** Polls every 5 ms: each look is a round trip to the coordinator's thread, and the workers need the cores. */
    private static void awaitIdle(MultiProcCachedFunction1<?, ?> f) throws InterruptedException {
        for (Status s = f.status(); s.waiting() + s.inProgress() > 0; s = f.status()) {
            Thread.sleep(5);
        }
    }

    private static double burnInThreads(int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double sum = 0;
        for (int i = 0; i < 10 * threads; i++) {
            sum += pool.submit(() -> burn(-1)).get(); // compiled, as the workers' burn is
        }
        long start = System.nanoTime();
        List<Future<Double>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int seed = i;
            results.add(pool.submit(() -> burn(seed)));
        }
        for (Future<Double> r : results) {
            sum += r.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return sum == 42 ? seconds + 1e-9 : seconds; // sum used: the work cannot be optimised away
    }

    private static void firstResult(Path work) throws Exception {
        String plain = firstResult(work, ParallelBenchmark::trivial, "first");
        System.out.printf("| time from `startWorkers(2)` to the first result, an `int` (min / median / max of %d) | %s ms "
                + "| (a JVM's start alone: `scripts/bench first-run`) | |%n", RUNS, plain);
        String fory = firstResult(work, ParallelBenchmark::boxed, "first-fory");
        System.out.printf("| the same for a result Fory stores, a `List<Integer>` (min / median / max of %d) | %s ms | | |%n",
                RUNS, fory);
    }

    static List<Integer> boxed(int x) {
        return List.of(x);
    }

    private static <V> String firstResult(Path work, io.mppfc.Fn1<Integer, V> function, String name) throws Exception {
        requireRuns();
        List<Double> samples = new ArrayList<>();
        for (int round = 0; round < RUNS; round++) {
            // -Dmppfc.bench.untracked=true: the same without the workers' check of the code fingerprint
            MultiProcCachedFunction1<Integer, V> f = Mppfc.cache(function)
                    .path(work.resolve(name + round)).trackCode(!Boolean.getBoolean("mppfc.bench.untracked"))
                    .workerJvmOptions(experimentalWorkerOptions()).build();
            long start = System.nanoTime();
            f.startWorkers(2);
            f.apply(round);
            while (!f.hasKey(round)) {
                Thread.sleep(1); // as a program polling would; a spinning thread would take a core from the workers
            }
            samples.add((System.nanoTime() - start) / 1e6);
            f.awaitAll();
        }
        return spread(samples, "%.0f");
    }

    private static void pendingApplyCost(Path work) throws Exception {
        MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(ParallelBenchmark::sleep5ms)
                .path(work.resolve("pending")).build();
        f.startWorkers(1);
        int keys = 1000; // 5 s of work for one worker: the last hundred stay queued while we measure
        for (int i = 0; i < keys; i++) {
            f.apply(i);
        }
        int rounds = 200;
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 900; i < keys; i++) {
                f.apply(i); // still queued: the coordinator answers from memory
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / (rounds * 100.0);
        f.terminate(Duration.ofSeconds(10));
        System.out.printf("| coordinator cost of `apply` on a pending key | %.2f µs | | |%n", micros);
    }
}
