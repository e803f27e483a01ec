package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Results sent over the worker's pipe next to results the worker writes into the cache, and
 * next to the physical reference: the same bytes through a pipe between two processes into a
 * file ({@code cat FILE | cat > OUT}). One warm worker; each round submits a key not cached
 * yet, whose value the worker has in memory already, so the time is the result's way to a
 * stored entry. Rounds of the three ways are interleaved, the order rotated; min/median/max of the
 * rounds and of the ratios taken round by round ({@link Interleaved}). Also
 * the per-task time of 2000 small results each way. Prints a Markdown table.
 *
 * <p>With the properties file of {@code scripts/test-cluster/setup} as argument, also one worker
 * over SSH on loopback sending its results, next to {@code ssh host cat FILE > OUT} as a fresh
 * connection (key exchange and login included) and over a connection already open (an OpenSSH
 * master connection, {@code -S}): the worker's own connection was opened when it started, so
 * the second is the reference of the transfer alone.
 */
public final class PipeBenchmark {

    private static final Map<Integer, byte[]> MADE = new ConcurrentHashMap<>();
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    private PipeBenchmark() {
    }

    /** {@code n} incompressible bytes, made once per worker JVM: the round measures the transfer. */
    public static byte[] bytes(int n, int round) {
        return MADE.computeIfAbsent(n, size -> {
            byte[] b = new byte[size];
            new java.util.SplittableRandom(size).nextBytes(b);
            return b;
        });
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("mppfc-pipe");
        java.util.Properties cluster = new java.util.Properties();
        if (args.length > 0) {
            try (var in = Files.newInputStream(Path.of(args[0]))) {
                cluster.load(in);
            }
        }
        boolean ssh = "ready".equals(cluster.getProperty("status"));
        try {
            System.out.println("| result | over the pipe | written by the worker | `cat FILE \\| cat > OUT` "
                    + "| pipe / reference, round by round (min / median / max)"
                    + (ssh ? " | over SSH, over the pipe | `ssh host cat FILE > OUT` | the same, connection open "
                    + "| SSH pipe / open reference, round by round |" : " |"));
            System.out.println("|---|---:|---:|---:|---:|" + (ssh ? "---:|---:|---:|---:|" : ""));
            Path master = work.resolve("cm");
            if (ssh) {
                openMaster(cluster, master);
            }
            try (MultiProcCachedFunction2<Integer, Integer, byte[]> piped = open(work.resolve("piped"), true);
                    MultiProcCachedFunction2<Integer, Integer, byte[]> written = open(work.resolve("written"), false);
                    MultiProcCachedFunction2<Integer, Integer, byte[]> remote = ssh ? overSsh(work.resolve("remote"),
                            cluster) : null) {
                int round = 0;
                for (int size : new int[] {1 << 10, 1 << 20, 100 << 20}) {
                    Path file = work.resolve("bytes-" + size);
                    Files.write(file, bytes(size, 0));
                    warm(piped, size, --round);
                    warm(written, size, --round);
                    if (ssh) {
                        warm(remote, size, --round);
                    }
                    List<Double> pipe = new ArrayList<>();
                    List<Double> disk = new ArrayList<>();
                    List<Double> reference = new ArrayList<>();
                    List<Double> sshPipe = new ArrayList<>();
                    List<Double> sshReference = new ArrayList<>();
                    List<Double> openReference = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        List<Way> ways = new ArrayList<>(List.of(
                                k -> pipe.add(time(piped, size, k)),
                                k -> disk.add(time(written, size, k)),
                                k -> reference.add(cat(file, work.resolve("out")))));
                        if (ssh) {
                            ways.add(k -> sshPipe.add(time(remote, size, k)));
                            ways.add(k -> sshReference.add(sshCat(cluster, null, file, work.resolve("out"))));
                            ways.add(k -> openReference.add(sshCat(cluster, master, file, work.resolve("out"))));
                        }
                        for (Way way : Interleaved.rotated(ways, r)) { // no way always goes first
                            way.run(++round);
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |", label(size), stats(pipe),
                            stats(disk), stats(reference), ratios(pipe, reference));
                    if (ssh) {
                        System.out.printf(Locale.ROOT, " %s | %s | %s | %s |", stats(sshPipe), stats(sshReference),
                                stats(openReference), ratios(sshPipe, openReference));
                    }
                    System.out.println();
                }
                List<Double> pipedPerTask = new ArrayList<>();
                List<Double> writtenPerTask = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    int from = 10_000 * r;
                    List<Way> ways = List.of(k -> pipedPerTask.add(perTask(piped, 1 << 10, 1_000_000 + from)),
                            k -> writtenPerTask.add(perTask(written, 1 << 10, 2_000_000 + from)));
                    for (Way way : Interleaved.rotated(ways, r)) {
                        way.run(0);
                    }
                }
                System.out.printf(Locale.ROOT, "| 2000 results of 1 KB, per task (ratio: over the pipe / written) "
                        + "| %s | %s | | %s |%n", stats(pipedPerTask, "%.3f"), stats(writtenPerTask, "%.3f"),
                        ratios(pipedPerTask, writtenPerTask));
            }
            if (ssh) {
                closeMaster(cluster, master);
            }
        } finally {
            CacheBenchmarkFiles.deleteTree(work);
        }
    }

    private static MultiProcCachedFunction2<Integer, Integer, byte[]> open(Path dir, boolean overPipe) {
        MultiProcCachedFunction2<Integer, Integer, byte[]> f = Mppfc.cache(PipeBenchmark::bytes).path(dir)
                .resultsOverPipe(overPipe).workerJvmOptions("-Xmx2g").build();
        f.startWorkers(1);
        return f;
    }

    /** One worker over the test cluster's sshd on loopback, sending its results. */
    private static MultiProcCachedFunction2<Integer, Integer, byte[]> overSsh(Path dir, java.util.Properties cluster) {
        MultiProcCachedFunction2<Integer, Integer, byte[]> f = Mppfc.cache(PipeBenchmark::bytes).path(dir)
                .resultsOverPipe(true).workerJvmOptions("-Xmx2g").launcher(io.mppfc.launch.SshLauncher.builder()
                        .hosts(cluster.getProperty("ssh_host")).identityFile(Path.of(cluster.getProperty("ssh_identity")))
                        .sshOptions("-oUserKnownHostsFile=" + cluster.getProperty("ssh_known_hosts")).build())
                .build();
        f.startWorkers(1);
        return f;
    }

    /**
     * {@code ssh [-S master] [OPTIONS] host [COMMAND...]}, with the same connection settings as the
     * launcher's.
     */
    private static List<String> ssh(java.util.Properties cluster, Path master, List<String> options,
            String... command) {
        String[] host = cluster.getProperty("ssh_host").split(":");
        List<String> ssh = new ArrayList<>(List.of("ssh", "-T", "-oBatchMode=yes", "-oUserKnownHostsFile="
                + cluster.getProperty("ssh_known_hosts"), "-i", cluster.getProperty("ssh_identity"), "-p", host[1]));
        if (master != null) {
            ssh.addAll(List.of("-S", master.toString()));
        }
        ssh.addAll(options);
        ssh.add(host[0]);
        ssh.addAll(List.of(command));
        return ssh;
    }

    /**
     * {@code ssh host cat FILE > OUT}: over a fresh connection, or with {@code master} over the
     * master connection open there.
     */
    private static double sshCat(java.util.Properties cluster, Path master, Path file, Path out) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(ssh(cluster, master, List.of(), "cat", file.toString()))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ssh cat failed");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** An OpenSSH master connection at {@code socket}, in the background once logged in. */
    private static void openMaster(java.util.Properties cluster, Path socket) throws Exception {
        List<String> command = ssh(cluster, socket, List.of("-f", "-N", "-M"));
        if (new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor() != 0) {
            throw new IllegalStateException("cannot open an ssh master connection: " + command);
        }
    }

    private static void closeMaster(java.util.Properties cluster, Path socket) throws Exception {
        new ProcessBuilder(ssh(cluster, socket, List.of("-O", "exit"))).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static void warm(MultiProcCachedFunction2<Integer, Integer, byte[]> f, int size, int round)
            throws Exception {
        f.submit(size, round).get(5, TimeUnit.MINUTES);
    }

    /** Milliseconds from submit to the entry stored (the future completes once it is). */
    private static double time(MultiProcCachedFunction2<Integer, Integer, byte[]> f, int size, int round)
            throws Exception {
        long start = System.nanoTime();
        f.submit(size, round).get(5, TimeUnit.MINUTES);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double perTask(MultiProcCachedFunction2<Integer, Integer, byte[]> f, int size, int from)
            throws Exception {
        List<java.util.concurrent.CompletableFuture<byte[]>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            all.add(f.submit(size, from + i));
        }
        for (var result : all) {
            result.get(5, TimeUnit.MINUTES);
        }
        return (System.nanoTime() - start) / 1e6 / 2000;
    }

    private static double cat(Path file, Path out) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder("sh", "-c", "cat \"$1\" | cat > \"$2\"", "cat", file.toString(), out.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cat failed");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static String label(int size) {
        return size >= 1 << 20 ? (size >> 20) + " MB" : (size >> 10) + " KB";
    }

    /** One of the ways measured in a round, given the round's key. */
    private interface Way {
        void run(int key) throws Exception;
    }

    /** {@code ours} over {@code reference}, round by round: min / median / max. */
    private static String ratios(List<Double> ours, List<Double> reference) {
        double[] ratio = new double[ours.size()];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = ours.get(i) / reference.get(i);
        }
        return Interleaved.spread(ratio, 1, "%.2f×");
    }

    private static String stats(List<Double> values) {
        return stats(values, "%.1f");
    }

    private static String stats(List<Double> values, String number) {
        return Interleaved.spread(values.stream().mapToDouble(Double::doubleValue).toArray(), 1, number) + " ms";
    }
}
