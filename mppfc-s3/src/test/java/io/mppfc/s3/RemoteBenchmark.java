package io.mppfc.s3;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.SharedStore;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench remote}: what the shared tier costs, against s3proxy in this JVM on
 * loopback (file-system backend, signature v4), each measure next to a reference taken with the
 * same client, alternated run by run (reference, ours, reference, ours...), min / median / max.
 * Arguments: runs (default 5), lookups per run (default 200), entries of the pushed cache
 * (default 100,000).
 */
public final class RemoteBenchmark {

    private static long value(long x) {
        return x * 31 + 7;
    }

    private final S3ProxyServer server = new S3ProxyServer();
    private final Path temp;
    private int roots;

    private RemoteBenchmark(Path temp) {
        this.temp = temp;
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int entries = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path temp = Files.createTempDirectory("mppfc-remote-bench");
        RemoteBenchmark bench = new RemoteBenchmark(temp);
        bench.server.beforeEach(null);
        try {
            System.out.println(machine());
            System.out.println();
            bench.lookups(runs, lookups);
            if (entries > 0) {
                System.out.println();
                bench.wholeCaches(runs, entries);
            }
        } finally {
            bench.server.afterEach(null);
            delete(temp);
        }
    }

    private Path root() throws IOException {
        Path root = Files.createDirectories(temp.resolve("root" + roots++));
        CacheMarker.markRoot(root);
        return root;
    }

    private MultiProcCachedFunction1<Long, Long> cached(Path root, SharedStore store) {
        var builder = Mppfc.cache(RemoteBenchmark::value).path(root);
        return (store == null ? builder : builder.shared(store)).build();
    }

    /** Remote hits next to bare GETs; local hits and computing misses with and without the store. */
    private void lookups(int runs, int n) throws Exception {
        List<double[]> remoteHit = new ArrayList<>();
        List<double[]> bareGet = new ArrayList<>();
        List<double[]> localWith = new ArrayList<>();
        List<double[]> localWithout = new ArrayList<>();
        List<double[]> missWith = new ArrayList<>();
        List<double[]> missWithout = new ArrayList<>();
        List<double[]> missingGet = new ArrayList<>();
        try (S3Store store = server.store("bench")) {
            try (var f = cached(root(), store)) {
                for (long x = 0; x < n; x++) {
                    f.apply(x);
                }
            }
            List<String> objects = store.list("").stream().map(SharedStore.Listed::key).toList();
            long next = 1_000_000;
            for (int run = -1; run < runs; run++) {
                boolean record = run >= 0;
                // reference: the same objects, GET with the same client, nothing checked or stored;
                // first in even runs, after ours in odd ones, so that neither always pays for going first
                Work bareGets = () -> {
                    for (String o : objects) {
                        store.get(o, 1 << 20);
                    }
                };
                double[] bare = run % 2 == 0 ? perOp(n, bareGets) : null;
                Path fresh = root();
                double[] hit;
                try (var f = cached(fresh, store)) {
                    hit = perOp(n, () -> {
                        for (long x = 0; x < n; x++) {
                            f.apply(x);
                        }
                    });
                    if (bare == null) {
                        bare = perOp(n, bareGets);
                    }
                    // local hits: the same root, the entries now local, with the store and without
                    double[] with = perOp(n, () -> {
                        for (long x = 0; x < n; x++) {
                            f.apply(x);
                        }
                    });
                    double[] without;
                    try (var g = cached(fresh, null)) {
                        without = perOp(n, () -> {
                            for (long x = 0; x < n; x++) {
                                g.apply(x);
                            }
                        });
                    }
                    if (record) {
                        localWith.add(with);
                        localWithout.add(without);
                    }
                }
                long from = next;
                next += 2L * n;
                double[] computedWithout;
                try (var g = cached(root(), null)) {
                    computedWithout = perOp(n, () -> {
                        for (long x = from; x < from + n; x++) {
                            g.apply(x);
                        }
                    });
                }
                double[] computedWith;
                try (var f = cached(root(), store)) {
                    computedWith = perOp(n, () -> {
                        for (long x = from + n; x < from + 2L * n; x++) {
                            f.apply(x);
                        }
                    });
                }
                // what the lookup of a miss costs at least: a GET of an object that is not there
                double[] absent = perOp(n, () -> {
                    for (int i = 0; i < n; i++) {
                        store.get("absent/" + i, 1 << 20);
                    }
                });
                if (record) {
                    missingGet.add(absent);
                    remoteHit.add(hit);
                    bareGet.add(bare);
                    missWith.add(computedWith);
                    missWithout.add(computedWithout);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d lookups per run, %d runs after one warm-up run, µs per lookup "
                + "(min / median / max of the runs' means):%n%n", n, runs);
        System.out.println("| measure | with the store, µs | reference, µs | ratio (min / median / max) |");
        System.out.println("|---|---:|---:|---:|");
        row("remote hit (local miss, GET, verify, store locally, read back) / bare GET of the same object", remoteHit,
                bareGet);
        row("local hit, with the store / without", localWith, localWithout);
        row("miss that computes, with the store (a GET that finds nothing; upload in the background) / without",
                missWith, missWithout);
        row("miss that computes, with the store / bare GET of an object that is not there", missWith, missingGet);
    }

    /** Push and pull of a packed cache next to the same bytes moved as one object. */
    private void wholeCaches(int runs, int entries) throws Exception {
        Path source = root();
        long start = System.nanoTime();
        // not fsynced entry by entry: this only makes the cache that is measured
        try (var f = Mppfc.cache(RemoteBenchmark::value).path(source).durable(false).build()) {
            for (long x = 0; x < entries; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(source, null);
        Path function = CacheInventory.functionDirectories(source).get(0);
        List<Path> packs = io.mppfc.cache.pack.PackSet.list(function.resolve("packs"));
        long bytes = 0;
        for (Path p : packs) {
            bytes += Files.size(p);
        }
        System.out.printf(Locale.ROOT, "A cache of %,d entries packed into %d pack(s), %.1f MB (made in %.0f s); "
                + "%d runs after one warm-up run, seconds (min / median / max):%n%n", entries, packs.size(), bytes / 1e6,
                (System.nanoTime() - start) / 1e9, runs);
        List<double[]> push = new ArrayList<>();
        List<double[]> putOne = new ArrayList<>();
        List<double[]> pull = new ArrayList<>();
        List<double[]> getOne = new ArrayList<>();
        long objects = 0;
        for (int run = -1; run < runs; run++) {
            String prefix = "whole" + (run + 1);
            try (S3Store store = server.store(prefix)) {
                double[] one = seconds(() -> {
                    for (Path p : packs) {
                        store.putFile("one/" + p.getFileName(), p);
                    }
                });
                double[] pushed = seconds(() -> SharedPush.push(source, store, null, SharedProgress.NONE));
                objects = store.list("").stream().filter(o -> !o.key().startsWith("one/")).count();
                Path target = root();
                double[] got = seconds(() -> {
                    for (Path p : packs) {
                        store.getFile("one/" + p.getFileName(), temp.resolve("one-" + p.getFileName()), Long.MAX_VALUE);
                    }
                });
                double[] pulled = seconds(() -> SharedPull.pull(target, store, null, SharedProgress.NONE));
                if (run >= 0) {
                    push.add(pushed);
                    putOne.add(one);
                    pull.add(pulled);
                    getOne.add(got);
                }
            }
        }
        System.out.println("| measure | objects | mppfc, s | the same bytes as one object, s | ratio (min / median / max) |");
        System.out.println("|---|---:|---:|---:|---:|");
        wholeRow("push into an empty prefix (list, index, upload pack, then index)", objects, push, putOne);
        wholeRow("pull into an empty root (list, index, download, check hash, merge into a local pack)", objects, pull,
                getOne);
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double[] perOp(int n, Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return new double[] {(System.nanoTime() - t0) / 1e3 / n};
    }

    private static double[] seconds(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return new double[] {(System.nanoTime() - t0) / 1e9};
    }

    private static void row(String what, List<double[]> ours, List<double[]> reference) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", what, spread(column(ours), "%.0f"),
                spread(column(reference), "%.0f"), spread(ratios(ours, reference), "%.2f×"));
    }

    private static void wholeRow(String what, long objects, List<double[]> ours, List<double[]> reference) {
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", what, objects, spread(column(ours), "%.2f"),
                spread(column(reference), "%.2f"), spread(ratios(ours, reference), "%.2f×"));
    }

    private static double[] column(List<double[]> runs) {
        return runs.stream().mapToDouble(r -> r[0]).toArray();
    }

    private static double[] ratios(List<double[]> ours, List<double[]> reference) {
        double[] r = new double[ours.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ours.get(i)[0] / reference.get(i)[0];
        }
        return r;
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " / " + format + " / " + format, sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    private static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return "Measured " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on JDK " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), load average " + load[0] + " / "
                + load[1] + " / " + load[2] + " at the start; s3proxy 2.6.0 in the same JVM on loopback.";
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
