package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What shipping a classpath costs against a real sshd (scripts/bench ship starts one on
 * loopback): hashing and packing it here, shipping it to an empty jar directory (a first run),
 * and what the check adds to a worker's start, the first after the jars arrived (hashing) and
 * the later ones (the stamp), next to the same start without it. Arguments: host:port, identity file, known_hosts file, classpath, runs.
 */
public final class ShipBenchmark {

    private ShipBenchmark() {
    }

    /**
     * Runs the measurements and prints a Markdown table.
     *
     * @param args host:port, identity file, known_hosts file, classpath, runs
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        SshHost host = SshHost.parse(args[0]);
        SshConnection ssh = new SshConnection("ssh", null, Path.of(args[1]), Duration.ofSeconds(10),
                List.of("-o", "UserKnownHostsFile=" + args[2]));
        String classpath = args[3];
        int runs = Integer.parseInt(args[4]);

        List<Double> hashing = new ArrayList<>();
        ShippedClasspath shipped = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            shipped = ShippedClasspath.of(classpath);
            hashing.add(ms(t));
        }
        long bytes = shipped.jars().stream().mapToLong(ShippedJar::size).sum();
        List<String> hashes = shipped.jars().stream().map(ShippedJar::sha256).toList();

        List<Double> first = new ArrayList<>();
        String directory = "/tmp/mppfc-ship-bench-" + UUID.randomUUID();
        for (int i = 0; i < runs; i++) {
            String fresh = directory + "/" + i;
            ClasspathShipper shipper = new ClasspathShipper(ssh, fresh, () -> 0);
            long t = System.nanoTime();
            shipper.ship(host, shipped.jars());
            shipper.pending(host).exceptionally(e -> null).join();
            first.add(ms(t));
            if (shipper.failure(host) != null) {
                throw new IllegalStateException(shipper.failure(host));
            }
        }
        String kept = directory + "/0";
        List<Double> hashed = new ArrayList<>();
        List<Double> stamped = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        String withCheck = ShipScripts.viaSh(ShipScripts.start(kept, List.of("true"), hashes, 1));
        for (int i = 0; i < runs; i++) {
            run(ssh, host, "rm -f '" + kept + "'/.ok-*");
            plain.add(run(ssh, host, "exec 'true'"));
            hashed.add(run(ssh, host, withCheck));
            stamped.add(run(ssh, host, withCheck));
        }
        // the same three starts without ssh, whose key exchange swamps them on a loaded machine
        String script = ShipScripts.start(kept, List.of("true"), hashes, 1);
        List<Double> plainHere = new ArrayList<>();
        List<Double> hashedHere = new ArrayList<>();
        List<Double> stampedHere = new ArrayList<>();
        for (int i = 0; i < 3 * runs; i++) {
            local("rm -f '" + kept + "'/.ok-*");
            plainHere.add(local("exec true"));
            hashedHere.add(local(script));
            stampedHere.add(local(script));
        }
        run(ssh, host, "rm -rf '" + directory + "'");

        System.out.printf(Locale.ROOT, "Classpath: %d jars, %.1f MB; %d runs each, min / median / max in ms%n%n",
                hashes.size(), bytes / 1e6, runs);
        System.out.println("| step | min | median | max |");
        System.out.println("|---|---|---|---|");
        row("hash and pack the classpath here (every run)", hashing);
        row("first run: ship it to the host (one connection)", first);
        row("a worker's start over ssh, no check (`exec true`)", plain);
        row("the first start after the jars arrived (hashes them, leaves a stamp)", hashed);
        row("every later start: the second run (`find -cnewer` against the stamp)", stamped);
        row("the host's shell alone, no ssh: `sh -c 'exec true'` (" + 3 * runs + " runs)", plainHere);
        row("the host's shell alone: the first start after the jars arrived", hashedHere);
        row("the host's shell alone: every later start", stampedHere);
        System.out.printf(Locale.ROOT, "%nWithout ssh, by the medians: the first start after a shipment adds %.1f ms, "
                + "every later start %.1f ms.%n", median(hashedHere) - median(plainHere),
                median(stampedHere) - median(plainHere));
        System.out.printf(Locale.ROOT, "%nBy the medians, the first start after a shipment adds %.1f ms, every later "
                + "start %.1f ms.%n", median(hashed) - median(plain), median(stamped) - median(plain));
    }

    private static double run(SshConnection ssh, SshHost host, String command) throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(ssh.command(host, command)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed there (" + p.exitValue() + "): " + command);
        }
        return ms(t);
    }

    private static double local(String script) throws Exception {
        long t = System.nanoTime();
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed here (" + p.exitValue() + "): " + script);
        }
        return ms(t);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void row(String what, List<Double> values) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", what,
                values.stream().mapToDouble(d -> d).min().orElseThrow(), median(values),
                values.stream().mapToDouble(d -> d).max().orElseThrow());
    }
}
