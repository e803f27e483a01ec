package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts workers over SSH, one {@code ssh host java ... io.mppfc.worker.WorkerMain} per worker,
 * placed on the hosts in turn. OpenSSH's {@code ssh} runs in batch mode ({@code BatchMode=yes}),
 * so it never asks for a password or a host key: use keys, and hosts already in
 * {@code known_hosts}. A host that refuses (no connection, authentication failed, no
 * {@code java} there) is reported in a warning and gets no more workers; its worker is started
 * on the next host. Only when every host refused does {@code awaitAll} fail, naming each.
 *
 * <p>The remote side sees neither this process's environment nor its working directory: the
 * classpath and cache paths are made absolute. A host that does not have the classpath at those
 * paths is shipped it: each jar (a class directory packed into one) once, into a directory named
 * by content ({@link Builder#jarDirectory(String)}), checked by hash inside each worker's own
 * connection, so a host that has them costs no extra connection; {@link
 * Builder#shipClasspath(boolean)} ships it whatever the host has. Set {@link
 * Builder#remoteClasspath(String)} for a classpath at other paths there (never shipped), and
 * {@link Builder#remoteCachePath(String)} for the cache root.
 * A worker exits when its SSH connection closes, so none outlives the coordinator.
 *
 * <pre>{@code
 * SshLauncher ssh = SshLauncher.builder().hosts("node1", "node2:2222").user("alice")
 *         .identityFile(Path.of("/home/alice/.ssh/id_ed25519")).build();
 * }</pre>
 *
 * <p>Each connection costs a key exchange (about 0.3 s); for many short-lived workers, SSH
 * connection sharing helps: {@code sshOptions("-o", "ControlMaster=auto", "-o",
 * "ControlPath=~/.ssh/cm-%C", "-o", "ControlPersist=60")}.
 *
 * @since 0.1
 */
public final class SshLauncher implements Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(SshLauncher.class);
    /** ssh's own exit code for "could not connect or authenticate". */
    private static final int SSH_ERROR = 255;
    /** The shell's exit code for "command not found". */
    private static final int NOT_FOUND = 127;

    private final List<SshHost> hosts;
    private final SshConnection connection;
    private final RemotePaths paths;
    private final ShippedStarts starts;
    private final AtomicInteger next = new AtomicInteger();
    /** Hosts that refused, with what ssh said. */
    private final Map<SshHost, String> refused = new ConcurrentHashMap<>();

    private SshLauncher(Builder builder) {
        if (builder.hosts.isEmpty()) {
            throw new IllegalArgumentException("an SSH launcher needs at least one host: call hosts(...)");
        }
        if (builder.shipClasspath && builder.paths.classpathSet()) {
            throw new IllegalArgumentException("shipClasspath ships this classpath, remoteClasspath names one already "
                    + "on the hosts: set one of them");
        }
        this.hosts = List.copyOf(builder.hosts);
        this.connection = new SshConnection(builder.ssh, builder.user, builder.identityFile, builder.connectTimeout,
                builder.sshOptions);
        this.paths = builder.paths.copy();
        this.starts = new ShippedStarts(builder.shipClasspath ? ShippedStarts.Shipping.ALWAYS
                : paths.classpathSet() ? ShippedStarts.Shipping.NEVER : ShippedStarts.Shipping.WHEN_MISSING,
                builder.jarDirectory, connection, paths);
    }

    /**
     * Returns a builder; {@link Builder#hosts(String...)} is required.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public WorkerCommand command(WorkerJvm jvm) {
        SshHost host = nextHost();
        return new WorkerCommand(connection.command(host, starts.command(host, jvm)), Map.of(), placement(host));
    }

    /**
     * The next host in turn that has not refused; one being shipped its classpath is passed over
     * while another can take the worker, else waited for.
     */
    private SshHost nextHost() {
        while (true) {
            CompletableFuture<Void> shipment = null;
            for (int tried = 0; tried < hosts.size(); tried++) {
                SshHost host = hosts.get(Math.floorMod(next.getAndIncrement(), hosts.size()));
                String shipFailed = starts.shipFailure(host); // said when it failed
                if (shipFailed != null) {
                    refused.putIfAbsent(host, shipFailed);
                }
                if (refused.containsKey(host)) {
                    continue;
                }
                CompletableFuture<Void> pending = starts.shipment(host);
                if (pending == null) {
                    return host;
                }
                shipment = shipment == null ? pending : shipment;
            }
            if (shipment == null) {
                StringBuilder why = new StringBuilder("every SSH host refused to run a worker:");
                refused.forEach((host, said) -> why.append("\n  ").append(host).append(": ").append(said));
                throw new IllegalStateException(why.toString());
            }
            shipment.exceptionally(failed -> null).join();
        }
    }

    @Override
    public String workerCacheDirectory(Path cacheDirectory) {
        return paths.cacheDirectory(cacheDirectory);
    }

    @Override
    public ExitReport explainExit(WorkerCommand command, int exitValue, boolean wasReady,
            List<String> lastStderrLines) {
        SshHost host = hostOf(command);
        ShippedStarts.Verdict shipping = wasReady || host == null ? null
                : starts.explain(host, exitValue, lastStderrLines);
        if (shipping != null) {
            if (shipping.refusal() != null && refused.putIfAbsent(host, shipping.refusal()) == null) {
                LOG.warn("SSH host {} refused a worker ({}); no more workers go there", host, shipping.refusal());
            }
            return new ExitReport(shipping.explanation(), true, shipping.refusal() == null);
        }
        String said = lastMeaningfulLine(lastStderrLines);
        String tooOld = wasReady ? null : JavaLevels.tooOld(lastStderrLines, paths.javaPath());
        if (tooOld != null || (!wasReady && (exitValue == SSH_ERROR || exitValue == NOT_FOUND))) {
            String why = tooOld != null ? tooOld
                    : exitValue == NOT_FOUND ? "no java at " + paths.javaPath() + " there (set javaPath): " + said : said;
            if (host != null && refused.putIfAbsent(host, why) == null) {
                LOG.warn("SSH host {} refused a worker ({}); no more workers go there", host, why);
            }
            return new ExitReport("could not start: " + why, true);
        }
        if (exitValue == SSH_ERROR) {
            return new ExitReport("lost its SSH connection: " + said, false);
        }
        return null;
    }

    /** Also how {@link #explainExit} finds the host a command went to. */
    private static String placement(SshHost host) {
        return "SSH host " + host;
    }

    private SshHost hostOf(WorkerCommand command) {
        for (SshHost host : hosts) {
            if (command.placement().equals(placement(host))) {
                return host;
            }
        }
        return null;
    }

    private static String lastMeaningfulLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("Warning: Permanently added")) {
                return io.mppfc.text.ShownText.line(line); // the host's words: shown, never obeyed
            }
        }
        return "ssh said nothing on stderr";
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        hosts.forEach(host -> names.add(host.toString()));
        return paths.describe("SSH to " + String.join(", ", names) + (connection.user() != null ? " as "
                + connection.user() : ""), starts.settings());
    }

    /**
     * Hosts and connection options. Each is checked when set.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final List<SshHost> hosts = new ArrayList<>();
        private String user;
        private Path identityFile;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private final List<String> sshOptions = new ArrayList<>();
        private String ssh = "ssh";
        private final RemotePaths paths = new RemotePaths();
        private boolean shipClasspath;
        private String jarDirectory = "~/.cache/mppfc/jars";

        private Builder() {
        }

        /**
         * The hosts, each {@code name}, {@code name:port} or {@code [ipv6]:port}; workers go to
         * them in turn, so a host listed twice gets twice the workers.
         *
         * @param hosts one or more hosts
         * @return this builder
         */
        public Builder hosts(String... hosts) {
            for (String h : hosts) {
                this.hosts.add(SshHost.parse(h));
            }
            return this;
        }

        /**
         * As {@link #hosts(String...)}.
         *
         * @param hosts one or more hosts
         * @return this builder
         */
        public Builder hosts(List<String> hosts) {
            return hosts(hosts.toArray(new String[0]));
        }

        /**
         * The remote user (default: ssh's, from its configuration or the local user name).
         *
         * @param user a user name
         * @return this builder
         */
        public Builder user(String user) {
            this.user = Words.require(user, "user");
            return this;
        }

        /**
         * The private key to log in with ({@code ssh -i}); only this key is offered.
         *
         * @param file a private key file
         * @return this builder
         */
        public Builder identityFile(Path file) {
            this.identityFile = Objects.requireNonNull(file, "identityFile must not be null");
            return this;
        }

        /**
         * How long ssh may take to connect before the host counts as refusing (default 10 s).
         *
         * @param timeout at least one second
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout == null || timeout.getSeconds() < 1) {
                throw new IllegalArgumentException("connectTimeout must be at least one second, got "
                        + io.mppfc.protocol.DurationText.of(timeout));
            }
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * More {@code ssh} options, passed as given before the host, such as
         * {@code "-o", "StrictHostKeyChecking=accept-new"}.
         *
         * @param options ssh options
         * @return this builder
         */
        public Builder sshOptions(String... options) {
            for (String o : options) {
                sshOptions.add(Words.requireText(o, "sshOptions: an option"));
            }
            return this;
        }

        /**
         * The {@code ssh} program (default {@code ssh}, found on the PATH).
         *
         * @param ssh a program name or path
         * @return this builder
         */
        public Builder ssh(String ssh) {
            this.ssh = Words.requireText(ssh, "ssh");
            return this;
        }

        /**
         * The {@code java} executable on the hosts (default: this JVM's own path).
         *
         * @param path a path, or {@code java} to use the remote PATH
         * @return this builder
         */
        public Builder javaPath(String path) {
            paths.java(path);
            return this;
        }

        /**
         * The workers' classpath as the hosts see it (default: this classpath, made absolute).
         *
         * @param classpath a classpath with the function's classes and mppfc-worker
         * @return this builder
         */
        public Builder remoteClasspath(String classpath) {
            paths.classpath(classpath);
            return this;
        }

        /**
         * The cache root as the hosts see it (default: the coordinator's path, made absolute).
         * Each function's directory keeps its name below it.
         *
         * @param root an absolute path on the hosts
         * @return this builder
         */
        public Builder remoteCachePath(String root) {
            paths.cacheRoot(root);
            return this;
        }

        /**
         * Ships this classpath to every host, whatever the hosts have at its paths: each jar (and
         * each class directory, packed into a jar) is copied once to the host's jar directory,
         * named by the SHA-256 of its bytes, and used from there by every later worker and run.
         * Without this, a host is shipped the classpath only when it lacks the coordinator's
         * paths (and never when {@link #remoteClasspath(String)} is set).
         *
         * @param ship whether to ship always
         * @return this builder
         */
        public Builder shipClasspath(boolean ship) {
            this.shipClasspath = ship;
            return this;
        }

        /**
         * Where shipped jars are kept on the hosts (default {@code ~/.cache/mppfc/jars}); a path
         * not starting with {@code /} is below the remote user's home. Jars there are named by
         * their hash, so coordinators share them.
         *
         * @param directory a directory on the hosts
         * @return this builder
         */
        public Builder jarDirectory(String directory) {
            Words.requireText(directory, "jarDirectory");
            if (directory.contains("\n") || directory.contains("\\")) {
                throw new IllegalArgumentException("jarDirectory must not contain a line break or a backslash, got \""
                        + directory.replace("\n", "\\n") + "\"");
            }
            this.jarDirectory = directory;
            return this;
        }

        /**
         * Returns the launcher.
         *
         * @return the launcher
         * @throws IllegalArgumentException if no host was given, or both shipClasspath and
         *     remoteClasspath were
         */
        public SshLauncher build() {
            return new SshLauncher(this);
        }
    }
}
