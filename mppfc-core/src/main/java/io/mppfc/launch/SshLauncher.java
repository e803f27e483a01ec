package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * classpath and cache paths are made absolute, and must be on a file system the hosts share
 * (see {@link Builder#remoteClasspath(String)} and {@link Builder#remoteCachePath(String)}).
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
    private static final Pattern HOST = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^\\s:\\[\\]]+))(?::([0-9]{1,5}))?");

    /** One place to run workers. */
    private record Host(String name, Integer port) {
        @Override
        public String toString() {
            String shown = name.contains(":") ? "[" + name + "]" : name;
            return port == null ? shown : shown + ":" + port;
        }
    }

    private final List<Host> hosts;
    private final String user;
    private final Path identityFile;
    private final Duration connectTimeout;
    private final List<String> sshOptions;
    private final String ssh;
    private final RemotePaths paths;
    private final AtomicInteger next = new AtomicInteger();
    /** Hosts that refused, with what ssh said. */
    private final Map<Host, String> refused = new ConcurrentHashMap<>();

    private SshLauncher(Builder builder) {
        if (builder.hosts.isEmpty()) {
            throw new IllegalArgumentException("an SSH launcher needs at least one host: call hosts(...)");
        }
        this.hosts = List.copyOf(builder.hosts);
        this.user = builder.user;
        this.identityFile = builder.identityFile;
        this.connectTimeout = builder.connectTimeout;
        this.sshOptions = List.copyOf(builder.sshOptions);
        this.ssh = builder.ssh;
        this.paths = builder.paths.copy();
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
        Host host = nextHost();
        List<String> command = new ArrayList<>();
        command.add(ssh);
        command.addAll(List.of("-T", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15",
                "-o", "ConnectTimeout=" + Math.max(1, connectTimeout.toSeconds())));
        if (host.port() != null) {
            command.addAll(List.of("-p", host.port().toString()));
        }
        if (user != null) {
            command.addAll(List.of("-l", user));
        }
        if (identityFile != null) {
            command.addAll(List.of("-i", identityFile.toString(), "-o", "IdentitiesOnly=yes"));
        }
        command.addAll(sshOptions);
        command.add("--");
        command.add(host.name());
        command.add("exec " + RemoteShell.quote(paths.javaCommand(jvm)));
        return new WorkerCommand(command, Map.of(), placement(host));
    }

    private Host nextHost() {
        for (int tried = 0; tried < hosts.size(); tried++) {
            Host host = hosts.get(Math.floorMod(next.getAndIncrement(), hosts.size()));
            if (!refused.containsKey(host)) {
                return host;
            }
        }
        StringBuilder why = new StringBuilder("every SSH host refused to run a worker:");
        refused.forEach((host, said) -> why.append("\n  ").append(host).append(": ").append(said));
        throw new IllegalStateException(why.toString());
    }

    @Override
    public String workerCacheDirectory(Path cacheDirectory) {
        return paths.cacheDirectory(cacheDirectory);
    }

    @Override
    public ExitReport explainExit(WorkerCommand command, int exitValue, boolean wasReady,
            List<String> lastStderrLines) {
        Host host = hostOf(command);
        String said = lastMeaningfulLine(lastStderrLines);
        if (!wasReady && (exitValue == SSH_ERROR || exitValue == NOT_FOUND)) {
            String why = exitValue == NOT_FOUND ? "no java at " + paths.javaPath() + " there (set javaPath): " + said
                    : said;
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
    private static String placement(Host host) {
        return "SSH host " + host;
    }

    private Host hostOf(WorkerCommand command) {
        for (Host host : hosts) {
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
                return line;
            }
        }
        return "ssh said nothing on stderr";
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        hosts.forEach(host -> names.add(host.toString()));
        return paths.describe("SSH to " + String.join(", ", names) + (user != null ? " as " + user : ""), List.of());
    }

    /**
     * Hosts and connection options. Each is checked when set.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final List<Host> hosts = new ArrayList<>();
        private String user;
        private Path identityFile;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private final List<String> sshOptions = new ArrayList<>();
        private String ssh = "ssh";
        private final RemotePaths paths = new RemotePaths();

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
                this.hosts.add(parseHost(h));
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

        private static Host parseHost(String text) {
            Matcher m = text == null ? null : HOST.matcher(text.strip());
            if (m == null || !m.matches() || text.strip().startsWith("-")) {
                throw new IllegalArgumentException("hosts: \"" + text + "\" is not a host: use name, name:port or "
                        + "[ipv6]:port, without spaces");
            }
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            Integer port = null;
            if (m.group(3) != null) {
                port = Integer.parseInt(m.group(3));
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("hosts: the port of \"" + text + "\" is not in 1..65535");
                }
            }
            return new Host(name, port);
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
         * Returns the launcher.
         *
         * @return the launcher
         * @throws IllegalArgumentException if no host was given
         */
        public SshLauncher build() {
            return new SshLauncher(this);
        }
    }
}
