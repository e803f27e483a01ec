package io.mppfc.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SSH launcher's workers' starts as far as the classpath goes: which start a host gets (java
 * with the user's classpath, with the coordinator's paths, or with the shipped jars), and what a
 * start that found something missing leads to (a shipment, or a refusal).
 */
final class ShippedStarts {

    /** When the classpath is shipped. */
    enum Shipping {
        /** never: the user named the classpath as the hosts see it */
        NEVER,
        /** to a host that does not have the coordinator's paths */
        WHEN_MISSING,
        /** always: the hosts' own files are never used */
        ALWAYS
    }

    /**
     * What a start that ended before it was ready meant for the classpath.
     *
     * @param explanation what happened, for the worker's exit report
     * @param refusal why the host gets no more workers, or null if it does
     */
    record Verdict(String explanation, String refusal) {
    }

    private final Shipping shipping;
    private final String jarDirectory;
    private final RemotePaths paths;
    private final ClasspathShipper shipper;
    private final Map<String, ShippedClasspath> shippable = new ConcurrentHashMap<>();
    /** Each shipping start's number, so that a report of missing jars can be told stale. */
    private final AtomicLong starts = new AtomicLong();

    ShippedStarts(Shipping shipping, String jarDirectory, SshConnection connection, RemotePaths paths) {
        this.shipping = shipping;
        this.jarDirectory = jarDirectory;
        this.paths = paths;
        this.shipper = new ClasspathShipper(connection, jarDirectory, starts::get);
    }

    /**
     * java as the user set it up; or, when the classpath may be shipped, a start that uses the
     * coordinator's paths where the host has them (unless always shipping), else the shipped
     * jars, and says which are missing if they are not there: all inside the worker's own
     * connection, so a host that has either costs no start of its own.
     */
    String command(SshHost host, WorkerJvm jvm) {
        String plain = "exec " + RemoteShell.quote(paths.javaCommand(jvm));
        if (shipping == Shipping.NEVER) {
            return plain;
        }
        List<String> javaAndOptions = new ArrayList<>();
        javaAndOptions.add(paths.javaPath());
        javaAndOptions.addAll(jvm.jvmOptions());
        ShippedClasspath classpath;
        try {
            classpath = shippable.computeIfAbsent(jvm.classpath(), ShippedClasspath::of);
        } catch (UncheckedIOException unreadable) {
            if (shipping == Shipping.ALWAYS) {
                throw unreadable;
            }
            return plain; // nothing to ship: the hosts need the coordinator's paths, as without shipping
        }
        if (classpath.jars().isEmpty()) {
            return plain;
        }
        String shipped = ShipScripts.start(jarDirectory, javaAndOptions,
                classpath.jars().stream().map(ShippedJar::sha256).toList(), starts.incrementAndGet());
        if (shipping == Shipping.WHEN_MISSING) {
            List<String> entries = localEntries(jvm.classpath());
            if (entries.stream().anyMatch(e -> e.indexOf('\n') >= 0 || e.indexOf('\r') >= 0)) {
                // a start is one line (csh allows no line break inside quotes): a path with one cannot be
                // looked for there, so the jars go by their hashes
                return ShipScripts.viaSh(shipped);
            }
            return entries.isEmpty() ? plain : ShipScripts.viaSh(ShipScripts.startHereOrShipped(javaAndOptions,
                    entries, paths.classpath(jvm), shipped));
        }
        return ShipScripts.viaSh(shipped);
    }

    private static List<String> localEntries(String classpath) {
        try {
            return ShippedClasspath.entries(classpath).stream().map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath: " + e.getMessage(), e);
        }
    }

    /**
     * What a start on {@code host} that ended before it was ready meant, or null if it was not
     * about the classpath: missing jars are shipped, unless they arrived after that start was
     * issued.
     */
    Verdict explain(SshHost host, int exitValue, List<String> stderr) {
        if (exitValue != ShipScripts.EXIT_MISSING) {
            return null;
        }
        ShipScripts.Missing missing = ShipScripts.missing(stderr);
        if (missing == null) {
            return null;
        }
        if (shipper.arrivedSince(host, missing)) {
            return new Verdict("started before its classpath had arrived there; starting it again", null);
        }
        if (shipper.shippedTooOften(host, missing.hashes())) {
            String why = "the jars shipped there keep going missing or changing (" + jarDirectory + ")";
            return new Verdict("could not start: " + why, why);
        }
        List<ShippedJar> jars = jarsOf(missing.hashes());
        shipper.ship(host, jars);
        return new Verdict("found " + jars.size() + " of the classpath's jars missing there: shipping them ("
                + jars.stream().mapToLong(ShippedJar::size).sum() / 1024 + " KiB), then starting it again", null);
    }

    /** The jars with these hashes, from whichever classpath has them. */
    private List<ShippedJar> jarsOf(Set<String> hashes) {
        Map<String, ShippedJar> found = new LinkedHashMap<>();
        shippable.values().forEach(classpath -> classpath.jars().stream().filter(jar -> hashes.contains(jar.sha256()))
                .forEach(jar -> found.putIfAbsent(jar.sha256(), jar)));
        return List.copyOf(found.values());
    }

    /** The shipment to {@code host} under way, or null. */
    CompletableFuture<Void> shipment(SshHost host) {
        return shipper.pending(host);
    }

    /** Why the shipment to {@code host} failed, or null. */
    String shipFailure(SshHost host) {
        return shipper.failure(host);
    }

    /** For the launcher's description. */
    List<String> settings() {
        return shipping == Shipping.ALWAYS ? List.of("classpath shipped to " + jarDirectory) : List.of();
    }
}
