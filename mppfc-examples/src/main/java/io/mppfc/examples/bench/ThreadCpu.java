package io.mppfc.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of every thread of this JVM and of the processes it started (the workers), read from
 * Linux's /proc, grouped by process and thread name with the numbers taken out. Taken before and
 * after a timed part, the difference shows where that part's CPU went: the profile behind the
 * README's worker table. Elsewhere than Linux it finds nothing.
 */
final class ThreadCpu {

    private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on every Linux that runs a JDK
    /** Per thread: user s, system s (ticks), on a CPU s, waiting for one s (exact), times put on a CPU. */
    private static final int FIELDS = 5;

    private final Map<String, double[]> byThread;

    private ThreadCpu(Map<String, double[]> byThread) {
        this.byThread = byThread;
    }

    static ThreadCpu now() {
        Map<String, double[]> threads = new HashMap<>();
        ProcessHandle self = ProcessHandle.current();
        read(self.pid(), "coordinator JVM", threads);
        self.descendants().forEach(p -> read(p.pid(), "worker JVMs", threads));
        return new ThreadCpu(threads);
    }

    private static void read(long pid, String process, Map<String, double[]> into) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // on the CPU and waiting for one, in nanoseconds: exact, where stat counts ticks; and how
                    // many times the thread was put on a CPU (each wake-up is one, and so is each preemption)
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split(" ");
                    // keyed by the thread, so that one that ended between two readings counts as nothing
                    into.put(pid + "/" + task.getFileName() + "/" + process + "/" + name.replaceAll("[0-9]+", "#"),
                            new double[] {Long.parseLong(fields[11]) * TICK_SECONDS,
                                    Long.parseLong(fields[12]) * TICK_SECONDS,
                                    Long.parseLong(sched[0]) / 1e9, Long.parseLong(sched[1]) / 1e9,
                                    Long.parseLong(sched[2])});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process ended
        }
    }

    /**
     * What was spent since {@code before}, by process and thread name: user and system seconds
     * (ticks), seconds on a CPU and waiting for one, and times put on a CPU.
     */
    Map<String, double[]> since(ThreadCpu before) {
        Map<String, double[]> spent = new TreeMap<>();
        byThread.forEach((thread, cpu) -> {
            double[] then = before.byThread.getOrDefault(thread, new double[FIELDS]);
            String group = thread.substring(thread.indexOf('/', thread.indexOf('/') + 1) + 1);
            double[] sum = spent.computeIfAbsent(group, g -> new double[FIELDS]);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += cpu[i] - then[i];
            }
        });
        return spent;
    }

    /**
     * Seconds on a CPU and times put on one since {@code before}, summed over the threads of one
     * process group ({@code "coordinator JVM"} or {@code "worker JVMs"}), or of both if null;
     * with or without the JIT's compiler threads, whose work follows the time since a JVM
     * started more than the tasks it ran.
     */
    double[] total(ThreadCpu before, String process, boolean compilers) {
        double[] sum = new double[2];
        since(before).forEach((group, spent) -> {
            if ((process == null || group.startsWith(process + "/")) && (compilers || !group.contains("CompilerThre"))) {
                sum[0] += spent[2];
                sum[1] += spent[4];
            }
        });
        return sum;
    }

    /** Prints {@link #since} as Markdown rows, largest first, leaving out what used under 1 ms. */
    void printSince(ThreadCpu before, int tasks) {
        System.out.println();
        System.out.println("| process / thread | user s | system s | on CPU s | µs per task | waiting for a CPU s |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        since(before).entrySet().stream()
                .filter(e -> e.getValue()[2] >= 0.001)
                .sorted((a, b) -> Double.compare(b.getValue()[2], a.getValue()[2]))
                .forEach(e -> System.out.printf("| %s | %.2f | %.2f | %.3f | %.0f | %.3f |%n",
                        e.getKey().replace('/', ' '), e.getValue()[0], e.getValue()[1], e.getValue()[2],
                        e.getValue()[2] * 1e6 / tasks, e.getValue()[3]));
        System.out.println();
    }
}
