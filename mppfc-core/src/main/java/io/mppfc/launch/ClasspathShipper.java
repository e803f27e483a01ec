package io.mppfc.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the jars a host lacks to its jar directory, one shipment per host at a time, each in a
 * thread of its own so that other hosts carry on. A shipment is one ssh connection (with the
 * launcher's settings) carrying a tar of the jars; the host checks each jar's hash before it
 * renames it into place (see {@link ShipScripts#receive}).
 */
final class ClasspathShipper {

    private static final Logger LOG = LoggerFactory.getLogger(ClasspathShipper.class);

    /** Why a host could not take its jars, in one line naming the host and the directory. */
    static final class ShipFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ShipFailedException(String message) {
            super(message);
        }
    }

    private final SshConnection ssh;
    private final String directory;
    private final Map<SshHost, CompletableFuture<Void>> shipments = new ConcurrentHashMap<>();
    /** The number of the last start issued when each jar had arrived on each host. */
    private final Map<SshHost, Map<String, Long>> arrived = new ConcurrentHashMap<>();
    private final LongSupplier lastStart;
    /** How often each jar was shipped to each host in this run. */
    private final Map<SshHost, Map<String, Integer>> shipped = new ConcurrentHashMap<>();
    private static final int MAX_SHIPMENTS = 3;
    private final LongFunction<Duration> limit;

    /**
     * @param lastStart the number of the last worker start issued, which every start says back
     *     with what it found missing
     */
    ClasspathShipper(SshConnection ssh, String directory, LongSupplier lastStart) {
        this(ssh, directory, lastStart, ClasspathShipper::timeLimit);
    }

    /** As above, with the time limit of a shipment of so many bytes given: tests cannot wait minutes for a stalled host. */
    ClasspathShipper(SshConnection ssh, String directory, LongSupplier lastStart, LongFunction<Duration> limit) {
        this.ssh = ssh;
        this.directory = directory;
        this.lastStart = lastStart;
        this.limit = limit;
    }

    /**
     * How long a shipment of {@code bytes} may take in all, connection included: two minutes and a
     * slow link's 1 MiB/s. A host that takes the connection and then stops reading (a hung disk, a
     * stalled network) is given up at this bound rather than holding its workers' starts for ever.
     */
    static Duration timeLimit(long bytes) {
        return Duration.ofMinutes(2).plusSeconds(bytes >> 20);
    }

    /**
     * Whether what a start found missing had arrived before it was issued: a start issued while
     * its jars were on the way found them missing, and is only to be started again. A start
     * issued after they arrived that finds them missing saw them replaced or removed.
     */
    boolean arrivedSince(SshHost host, ShipScripts.Missing missing) {
        Map<String, Long> jars = arrived.getOrDefault(host, Map.of());
        return missing.hashes().stream().allMatch(h -> jars.containsKey(h) && missing.start() <= jars.get(h));
    }

    /**
     * Starts shipping {@code jars} to {@code host}, unless a shipment to it is under way (it was asked for by another worker's
     * start, and covers the same jars) or failed (the host is refused).
     */
    void ship(SshHost host, List<ShippedJar> jars) {
        shipments.compute(host, (h, running) -> {
            // a failed shipment refused the host: a start issued before that was known asks again,
            // and is answered by the same failure (said once), not by a second shipment
            if (running != null && (!running.isDone() || running.isCompletedExceptionally())) {
                return running;
            }
            Map<String, Integer> counts = shipped.computeIfAbsent(host, x -> new ConcurrentHashMap<>());
            jars.forEach(jar -> counts.merge(jar.sha256(), 1, Integer::sum));
            return CompletableFuture.runAsync(() -> send(host, jars), inThread("mppfc-ship-" + host))
                    .whenComplete((done, failed) -> {
                        if (failed != null) {
                            LOG.error("{}; no more workers go there", failed.getCause() != null
                                    ? failed.getCause().getMessage() : failed.getMessage());
                        }
                    });
        });
    }

    /**
     * Whether one of these jars went to {@code host} {@value #MAX_SHIPMENTS} times in this run
     * already: what arrives there does not stay, and shipping again would never end.
     */
    boolean shippedTooOften(SshHost host, java.util.Set<String> hashes) {
        Map<String, Integer> counts = shipped.getOrDefault(host, Map.of());
        return hashes.stream().anyMatch(h -> counts.getOrDefault(h, 0) >= MAX_SHIPMENTS);
    }

    /** A thread per shipment: the common pool may have one thread, and hosts ship side by side. */
    private static java.util.concurrent.Executor inThread(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** The shipment to {@code host} that has not finished, or null. */
    CompletableFuture<Void> pending(SshHost host) {
        CompletableFuture<Void> shipment = shipments.get(host);
        return shipment == null || shipment.isDone() ? null : shipment;
    }

    /** Why the last shipment to {@code host} failed, or null if it did not (or there was none). */
    String failure(SshHost host) {
        CompletableFuture<Void> shipment = shipments.get(host);
        if (shipment == null || !shipment.isCompletedExceptionally()) {
            return null;
        }
        try {
            shipment.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        }
    }

    private void send(SshHost host, List<ShippedJar> jars) {
        if (jars.isEmpty()) {
            return;
        }
        List<String> hashes = jars.stream().map(ShippedJar::sha256).toList();
        long bytes = jars.stream().mapToLong(ShippedJar::size).sum();
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(ssh.command(host, ShipScripts.viaSh(ShipScripts.receive(directory, hashes, bytes))))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new ShipFailedException("cannot ship the classpath to SSH host " + host + ": cannot run "
                    + ssh.ssh() + ": " + e.getMessage());
        }
        CompletableFuture<List<String>> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()),
                inThread("mppfc-ship-stderr-" + host));
        Duration bound = limit.apply(bytes);
        java.util.concurrent.atomic.AtomicBoolean overtime = new java.util.concurrent.atomic.AtomicBoolean();
        // past the bound, ssh and what it runs are ended: the blocked write fails, and the wait returns
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> {
            overtime.set(true);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, CompletableFuture.delayedExecutor(bound.toNanos(), TimeUnit.NANOSECONDS));
        IOException writeFailure = null;
        try (OutputStream out = process.getOutputStream()) {
            TarStream tar = new TarStream(new java.io.BufferedOutputStream(out, 1 << 16));
            for (ShippedJar jar : jars) {
                tar.add(jar.fileName(), jar.file(), jar.size(), jar.sha256());
            }
            tar.finish();
        } catch (IOException e) {
            writeFailure = e; // the host stopped reading: its stderr says why
        }
        int exit = waitFor(process);
        watchdog.cancel(false);
        if (overtime.get()) {
            throw new ShipFailedException("cannot ship the classpath to SSH host " + host + ": not done within "
                    + bound.toSeconds() + " s (" + bytes + " bytes; the host took the connection, then stopped reading "
                    + "or answering); check that ssh " + host + " answers and the disk of " + directory + " there "
                    + "responds, then run again");
        }
        if (writeFailure instanceof TarStream.Changed changed) {
            // this machine's cause, not the host's: its tar and hash check then fail too, and would be blamed
            throw new ShipFailedException("cannot ship the classpath to SSH host " + host + ": " + changed.getMessage());
        }
        if (exit != 0 || writeFailure != null) {
            throw new ShipFailedException("cannot ship the classpath to SSH host " + host + ": "
                    + why(exit, stderr.join(), writeFailure));
        }
        long issued = lastStart.getAsLong();
        jars.forEach(jar -> arrived.computeIfAbsent(host, h -> new ConcurrentHashMap<>()).put(jar.sha256(), issued));
        LOG.info("shipped {} of the classpath's jars ({} bytes) to SSH host {} in {} ms", jars.size(), bytes, host,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /**
     * One line: the directory that could not be written and what the host said, or ssh's own
     * words; {@code stderr} is the host's, already escaped ({@link io.mppfc.text.ShownText#lines}).
     */
    private String why(int exit, List<String> stderr, IOException writeFailure) {
        String where = null;
        String damaged = null;
        List<String> said = new ArrayList<>();
        for (String line : stderr) {
            if (line.startsWith(ShipScripts.NOT_WRITTEN)) {
                where = line.substring(ShipScripts.NOT_WRITTEN.length());
            } else if (line.startsWith(ShipScripts.NO_ROOM)
                    && line.substring(ShipScripts.NO_ROOM.length()).split(":", 3).length == 3) {
                // free:needed:where, as the receiving script writes it; any other such line is only said
                String[] freeNeededWhere = line.substring(ShipScripts.NO_ROOM.length()).split(":", 3);
                return "no space left on the device of " + freeNeededWhere[2] + " there (" + freeNeededWhere[0]
                        + " KiB free, the jars need " + freeNeededWhere[1] + " KiB)";
            } else if (line.startsWith(ShipScripts.DAMAGED)) {
                damaged = line.substring(ShipScripts.DAMAGED.length());
            } else if (!line.isBlank() && !line.startsWith("Warning: Permanently added")
                    && !line.contains("Exiting with failure status")) {
                said.add(line.strip());
            }
        }
        String first = said.isEmpty() ? null : said.get(0);
        if (where != null) {
            return "cannot write to " + where + " there" + (first != null ? " (" + first + ")" : "");
        }
        if (damaged != null) {
            return "the jar " + damaged + ".jar arrived with other bytes than it was sent with; nothing was kept";
        }
        if (first != null) {
            return first + " (exit code " + exit + ")";
        }
        return writeFailure != null ? "the connection broke: " + writeFailure.getMessage() : "exit code " + exit;
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ShipFailedException("interrupted while shipping the classpath");
        }
    }

    /** The host's first lines, escaped: it may send without end, and what it sends is shown, never obeyed. */
    private static List<String> read(InputStream in) {
        try (in) {
            return io.mppfc.text.ShownText.lines(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
