package io.mppfc.examples.faults;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Fault: the coordinator killed with SIGKILL while its workers compute, N times. Measures how
 * long the workers outlive it, checks the entries already written, and runs the program again
 * to finish the rest.
 */
public final class CoordinatorKill {

    private CoordinatorKill() {
    }

    static int task(int x) throws InterruptedException {
        Thread.sleep(100);
        return x;
    }

    /** The coordinator that gets killed (and, run again, the one that finishes). */
    static void coordinator(Path cache, boolean finish) throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(CoordinatorKill::task).path(cache).build()) {
            f.startWorkers(2);
            int missing = 0;
            for (int i = 0; i < 40; i++) {
                missing += f.apply(i) == null ? 1 : 0;
            }
            if (finish) {
                f.awaitAll();
                System.out.println("FINISHED " + missing);
                return;
            }
            while (f.status().done() < 6) {
                Thread.sleep(5);
            }
            System.out.println("WORKERS " + ProcessHandle.current().children().map(p -> Long.toString(p.pid()))
                    .collect(Collectors.joining(" ")));
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    /**
     * Still running: an exited worker whose parent died stays a zombie until init reaps it,
     * which some containers' init does late; /proc says when it really ended.
     */
    static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return process.isAlive();
        }
    }

    private static Process launch(Path cache, String mode) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), CoordinatorKill.class.getName(), mode, cache.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2) {
            coordinator(Path.of(args[1]), args[0].equals("finish"));
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        double worst = 0;
        int damaged = 0;
        int unfinished = 0;
        for (int round = 0; round < rounds; round++) {
            Path cache = Files.createTempDirectory("mppfc-coordinator-kill");
            Process doomed = launch(cache, "die");
            String line = new BufferedReader(new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8)).readLine();
            List<ProcessHandle> workers = Arrays.stream(line.substring(8).trim().split(" ")).map(Long::parseLong)
                    .flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
            doomed.destroyForcibly();
            doomed.waitFor();
            long killed = System.nanoTime();
            // poll: onExit() of a process that is not our child is itself polled, at up to seconds apart
            while (workers.stream().anyMatch(CoordinatorKill::running) && System.nanoTime() - killed < 60e9) {
                Thread.sleep(5);
            }
            worst = Math.max(worst, (System.nanoTime() - killed) / 1e9);
            Path function = CacheInventory.functionDirectories(cache).get(0);
            damaged += CacheInventory.verify(function).size();
            Process again = launch(cache, "finish");
            String finished = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.UTF_8)).readLine();
            again.waitFor(120, TimeUnit.SECONDS);
            unfinished += CacheInventory.entries(function).size() == 40 && finished != null ? 0 : 1;
        }
        System.out.printf("SIGKILL of the coordinator while 2 workers compute | %d rounds | workers gone at most %.2f s "
                + "after it; %d damaged entries; %d reruns that did not finish the rest%n", rounds, worst, damaged, unfinished);
        if (worst > 5 || damaged + unfinished > 0) {
            System.exit(1);
        }
    }
}
