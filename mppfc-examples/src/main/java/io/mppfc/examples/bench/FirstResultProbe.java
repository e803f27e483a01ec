package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fresh JVM's time from {@code startWorkers(2)} to the first result, with the CPU each
 * process had used by then (this JVM, each worker, any JVM recording or making class data), read
 * from Linux's /proc. Run by {@link FirstResultBenchmark} once per sample, each in a JVM of its
 * own, so that a classpath's first run (no class data yet: a fresh {@code mppfc.cdsDir}) can be
 * timed at all. Prints one line: {@code <ms> <process>=<cpu ms> ...}.
 */
public final class FirstResultProbe {

    private FirstResultProbe() {
    }

    static int plain(int x) {
        return x;
    }

    static List<Integer> boxed(int x) {
        return List.of(x);
    }

    /**
     * Times one first result.
     *
     * @param args {@code int} for a plain-value result, {@code fory} for one Fory stores, {@code none}
     *     to return at once (the benchmark's reference: one JVM start)
     * @throws Exception if the pool fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("none")) {
            return;
        }
        Path work = Files.createTempDirectory("mppfc-first-result");
        try {
            String line = args.length > 0 && args[0].equals("fory") ? time(work, FirstResultProbe::boxed)
                    : time(work, FirstResultProbe::plain);
            System.out.println(line);
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static <V> String time(Path work, io.mppfc.Fn1<Integer, V> function) throws Exception {
        MultiProcCachedFunction1<Integer, V> f = Mppfc.cache(function).path(work.resolve("cache"))
                .workerJvmOptions(workerOptions()).build();
        long ownBefore = cpuMillis(ProcessHandle.current().pid());
        long startStamp = System.currentTimeMillis();
        long start = System.nanoTime();
        f.startWorkers(2);
        f.apply(7);
        while (!f.hasKey(7)) {
            Thread.sleep(1); // as a program polling would; a spinning thread would take a core from the workers
        }
        double millis = (System.nanoTime() - start) / 1e6;
        if (Boolean.getBoolean("mppfc.bench.stamps")) {
            // wall-clock stamps on stderr, to lay the workers' -Xlog lines (timemillis) beside this JVM's steps
            System.err.printf(Locale.ROOT, "stamps startWorkers=%d firstResult=%d%n", startStamp,
                    System.currentTimeMillis());
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.1f", millis));
        line.append(" coordinator=").append(cpuMillis(ProcessHandle.current().pid()) - ownBefore);
        List<ProcessHandle> others = new ArrayList<>(ProcessHandle.current().descendants().toList());
        for (ProcessHandle p : others) {
            line.append(' ').append(kind(p)).append('=').append(cpuMillis(p.pid()));
            if (Boolean.getBoolean("mppfc.bench.threads")) {
                line.append(threads(p.pid()));
            }
        }
        f.awaitAll();
        return line.toString();
    }

    /** -Dmppfc.bench.workerJvmOptions="-Xlog:... -XX:...": the workers' JVM options, for profiles. */
    private static String[] workerOptions() {
        String options = System.getProperty("mppfc.bench.workerJvmOptions", "").trim();
        return options.isEmpty() ? new String[0] : options.split("\\s+");
    }

    /** What a process is, from its command line: a worker, a recording worker, a class data JVM, a shell. */
    private static String kind(ProcessHandle p) {
        String command = p.info().command().orElse("?");
        String arguments = String.join(" ", p.info().arguments().orElse(new String[0]));
        if (!command.endsWith("java")) {
            return Path.of(command).getFileName().toString();
        }
        if (arguments.contains("AOTMode=create")) {
            return "aot-assembly";
        }
        if (arguments.contains("AOTMode=record") || arguments.contains("AOTCacheOutput")
                || arguments.contains("ArchiveClassesAtExit")) {
            return "recording-worker";
        }
        return arguments.contains("AOTCache=") || arguments.contains("SharedArchiveFile=") ? "mapping-worker" : "worker";
    }

    /** The CPU of each thread of a process that used any, in ms: " (name=ms, ...)". */
    private static String threads(long pid) {
        StringBuilder out = new StringBuilder(" (");
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                long millis = cpuMillis(task);
                if (millis > 0) {
                    String stat = Files.readString(task.resolve("stat"));
                    out.append(stat, stat.indexOf('(') + 1, stat.lastIndexOf(')')).append('=').append(millis).append(' ');
                }
            }
        } catch (IOException | RuntimeException gone) {
            // ended while we looked
        }
        return out.append(')').toString();
    }

    private static long cpuMillis(long pid) {
        return cpuMillis(Path.of("/proc", Long.toString(pid)));
    }

    /** User and system CPU of a whole process (ended threads included), in ms; -1 if it is gone. */
    private static long cpuMillis(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // USER_HZ is 100
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
