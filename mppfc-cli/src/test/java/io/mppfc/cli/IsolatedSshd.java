package io.mppfc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real sshd on loopback whose logins live in a mount namespace of their own, where given
 * directories are fresh tmpfs mounts: empty (what a machine that shares nothing with this one
 * sees there), and as small as asked (a full disk). Needs root, {@code unshare} and sshd. The
 * sshds started with one keys directory share its host key, login key and known_hosts file, so
 * one set of ssh options logs in to each; {@link #stop()} ends one.
 */
final class IsolatedSshd {

    /** A tmpfs over {@code path} in the logins' namespace, of {@code size} (mount's units: 16k, 256m). */
    record Mount(Path path, String size) {
    }

    private final Process sshd;
    private final Path keys;
    private final Path state;
    private final int port;

    private IsolatedSshd(Process sshd, Path keys, Path state, int port) {
        this.sshd = sshd;
        this.keys = keys;
        this.state = state;
        this.port = port;
    }

    /** Why this machine cannot run one, or null if it can. */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root: a mount namespace and an sshd need root";
        }
        for (String tool : List.of("/usr/sbin/sshd", "/usr/bin/unshare", "/usr/bin/ssh-keygen", "/usr/bin/ssh")) {
            if (!Files.isExecutable(Path.of(tool))) {
                return "no " + tool;
            }
        }
        return null;
    }

    /**
     * The directory the hosts' logins must not see (this module's {@code target}: the CLI's jar and
     * the fixtures' classes); the test is skipped where no isolated sshd can run, or where
     * {@code shared} (the tests' own files) lies below it and would be hidden too.
     */
    static Path assumeHidingTheClasspath(Path shared) {
        String why = unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
        Path target = CliProcess.JAR.getParent();
        assumeTrue(!shared.startsWith(target), "the temp directory must not be below " + target);
        return target;
    }

    /** Stops those that were started (a skipped set-up leaves nulls). */
    static void stopAll(IsolatedSshd... hosts) throws InterruptedException {
        for (IsolatedSshd host : hosts) {
            if (host != null) {
                host.stop();
            }
        }
    }

    static synchronized IsolatedSshd start(Path keys, Path state, List<Mount> mounts) throws Exception {
        Files.createDirectories(state);
        Files.createDirectories(keys);
        Path hostKey = keys.resolve("host_key");
        Path userKey = keys.resolve("id_ed25519");
        for (Path key : List.of(hostKey, userKey)) {
            if (!Files.exists(key)) {
                run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString());
            }
        }
        Files.copy(keys.resolve("id_ed25519.pub"), keys.resolve("authorized_keys"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = Files.writeString(state.resolve("sshd_config"), String.join("\n", "ListenAddress 127.0.0.1",
                "Port " + port, "HostKey " + hostKey, "PidFile " + state.resolve("sshd.pid"),
                "AuthorizedKeysFile " + keys.resolve("authorized_keys"), "PubkeyAuthentication yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
                "StrictModes no", "UsePAM no", "MaxStartups 100", "") + "\n");
        Files.writeString(keys.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
                + String.join(" ", List.of(Files.readString(keys.resolve("host_key.pub")).split(" ")).subList(0, 2)) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        StringBuilder inside = new StringBuilder("set -e\n");
        for (Mount mount : mounts) {
            Files.createDirectories(mount.path());
            inside.append("mount -t tmpfs -o size=").append(mount.size()).append(" isolated '").append(mount.path())
                    .append("'\n");
        }
        inside.append("exec /usr/sbin/sshd -D -f '").append(config).append("' -E '").append(log(state)).append("'\n");
        Process sshd = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                inside.toString()).redirectErrorStream(true).redirectOutput(state.resolve("unshare.out").toFile()).start();
        IsolatedSshd started = new IsolatedSshd(sshd, keys, state, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (started.ssh("true").waitFor() != 0) {
            if (!sshd.isAlive() || System.nanoTime() > deadline) {
                started.stop();
                throw new IllegalStateException("the isolated sshd did not take a login: "
                        + Files.readString(state.resolve("unshare.out")) + Files.readString(log(state)));
            }
            Thread.sleep(50);
        }
        return started;
    }

    private static Path log(Path state) {
        return state.resolve("sshd.log");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** 127.0.0.1:port. */
    String host() {
        return "127.0.0.1:" + port;
    }

    /** The port alone, as {@code Grid.placement} reports where it ran. */
    String port() {
        return Integer.toString(port);
    }

    /** The CLI options that log in here (without --hosts). */
    List<String> loginOptions() {
        return List.of("--ssh-identity", keys.resolve("id_ed25519").toString(),
                "--ssh-option=-oUserKnownHostsFile=" + keys.resolve("known_hosts"));
    }

    /** Runs {@code command} there, as the launcher's ssh would. */
    Process ssh(String command) throws IOException {
        List<String> words = new ArrayList<>(List.of("ssh", "-T", "-o", "BatchMode=yes", "-o",
                "UserKnownHostsFile=" + keys.resolve("known_hosts"), "-i", keys.resolve("id_ed25519").toString(),
                "-p", Integer.toString(port), "127.0.0.1", command));
        return new ProcessBuilder(words).redirectErrorStream(true).start();
    }

    /** What {@code command} printed there; it must succeed. */
    String output(String command) throws Exception {
        Process process = ssh(command);
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed there: " + out);
        }
        return out;
    }

    /** Logins so far: sshd logs one line for each key it accepts. */
    long logins() throws IOException {
        try (var lines = Files.lines(log(state))) {
            return lines.filter(line -> line.contains("Accepted publickey")).count();
        }
    }

    void stop() throws InterruptedException {
        sshd.destroy();
        if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
            sshd.destroyForcibly();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
