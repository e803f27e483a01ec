package io.mppfc.cli;

import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.SlurmLauncher;
import io.mppfc.launch.SshLauncher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Where the workers run: this machine, Slurm job steps, or SSH hosts. */
final class LauncherOptions {

    /** The launchers by name. */
    enum Kind { LOCAL, SLURM, SSH }

    @Option(names = "--launcher", paramLabel = "local|slurm|ssh", defaultValue = "local",
            converter = KindConverter.class,
            description = "Where workers run: JVMs on this machine, Slurm job steps (srun), or SSH hosts "
                    + "(default: ${DEFAULT-VALUE}). Off this machine, the cache must be on a shared file system; "
                    + "SSH hosts without the classpath are shipped it.")
    Kind kind;

    @Option(names = "--slurm-partition", paramLabel = "NAME", description = "Slurm: the partition.")
    String partition;

    @Option(names = "--slurm-account", paramLabel = "NAME", description = "Slurm: the account charged.")
    String account;

    @Option(names = "--slurm-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Slurm: each worker step's time limit, e.g. 2h.")
    Duration time;

    @Option(names = "--slurm-cpus-per-task", paramLabel = "N", description = "Slurm: CPUs for each worker.")
    Integer cpusPerTask;

    @Option(names = "--slurm-mem", paramLabel = "SIZE", description = "Slurm: memory for each worker, e.g. 4G.")
    String memory;

    @Option(names = "--slurm-option", paramLabel = "OPTION", description = "Slurm: another srun option, e.g. "
            + "--qos=long (repeatable).")
    List<String> srunOptions = new ArrayList<>();

    @Option(names = "--hosts", paramLabel = "HOST[:PORT]", split = ",",
            description = "SSH: the hosts, in turn, e.g. node1,node2:2222.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--ssh-user", paramLabel = "USER", description = "SSH: the remote user.")
    String user;

    @Option(names = "--ssh-identity", paramLabel = "FILE", description = "SSH: the private key to log in with.")
    Path identity;

    @Option(names = "--ssh-option", paramLabel = "OPTION", description = "SSH: another ssh option, e.g. "
            + "-oStrictHostKeyChecking=accept-new (repeatable).")
    List<String> sshOptions = new ArrayList<>();

    @Option(names = "--remote-java", paramLabel = "PATH",
            description = "Slurm, SSH: the java executable there (default: this JVM's path).")
    String remoteJava;

    @Option(names = "--remote-classpath", paramLabel = "PATH",
            description = "Slurm, SSH: the workers' classpath as seen there, with this jar and the function's classes "
                    + "(default: this one, made absolute).")
    String remoteClasspath;

    @Option(names = "--remote-cache", paramLabel = "DIR",
            description = "Slurm, SSH: the cache root as seen there (default: --cache, made absolute).")
    String remoteCache;

    @Option(names = "--ship-classpath", description = "SSH: copy the classpath to every host (once; jars named by "
            + "their SHA-256, reused by later runs) rather than use what a host has at its paths. Hosts that lack "
            + "those paths are shipped it anyway.")
    boolean shipClasspath;

    @Option(names = "--remote-jar-dir", paramLabel = "DIR", description = "SSH: where shipped jars are kept on the "
            + "hosts (default ~/.cache/mppfc/jars; a relative path is below the remote home).")
    String jarDirectory;

    /** Picocli would print the enum's own names; these are the lower-case ones users type. */
    static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return Kind.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + value + "\" is not a launcher; use local, slurm or ssh");
            }
        }
    }

    Launcher launcher() {
        requireOnlyFor(Kind.SLURM, "--slurm-partition", partition, "--slurm-account", account, "--slurm-time", time,
                "--slurm-cpus-per-task", cpusPerTask, "--slurm-mem", memory,
                "--slurm-option", srunOptions.isEmpty() ? null : srunOptions);
        requireOnlyFor(Kind.SSH, "--hosts", hosts.isEmpty() ? null : hosts, "--ssh-user", user,
                "--ssh-identity", identity, "--ssh-option", sshOptions.isEmpty() ? null : sshOptions,
                "--ship-classpath", shipClasspath ? true : null, "--remote-jar-dir", jarDirectory);
        if (kind == Kind.LOCAL) {
            requireOnlyFor(null, "--remote-java", remoteJava, "--remote-classpath", remoteClasspath,
                    "--remote-cache", remoteCache);
            return new LocalJvmLauncher();
        }
        return kind == Kind.SLURM ? slurm() : ssh();
    }

    /**
     * The program the launcher runs is installed here: checked after every option is, so that a
     * mistake in the command line is said first, and before a tuple is read or a worker started.
     */
    void requireProgram() {
        if (kind == Kind.SLURM) {
            LauncherChecks.requireOnPath("srun", System.getenv("PATH"), "slurm",
                    "run mppfc where Slurm's commands are, such as a login node or inside an allocation");
        } else if (kind == Kind.SSH) {
            LauncherChecks.requireOnPath("ssh", System.getenv("PATH"), "ssh", "install an OpenSSH client");
        }
    }

    private Launcher slurm() {
        LauncherChecks.requireSlurmTime(time);
        LauncherChecks.requireCpus(cpusPerTask);
        SlurmLauncher.Builder b = SlurmLauncher.builder();
        if (partition != null) {
            LauncherChecks.set("--slurm-partition", "partition", () -> b.partition(partition));
        }
        if (account != null) {
            LauncherChecks.set("--slurm-account", "account", () -> b.account(account));
        }
        if (time != null) {
            LauncherChecks.set("--slurm-time", "timeLimit", () -> b.timeLimit(time));
        }
        if (cpusPerTask != null) {
            LauncherChecks.set("--slurm-cpus-per-task", "cpusPerTask", () -> b.cpusPerTask(cpusPerTask));
        }
        if (memory != null) {
            LauncherChecks.set("--slurm-mem", "memory", () -> b.memory(memory));
        }
        LauncherChecks.set("--slurm-option", "srunArguments", () -> b.srunArguments(srunOptions.toArray(String[]::new)));
        remotePaths(b::javaPath, b::remoteClasspath, b::remoteCachePath);
        return b.build();
    }

    private Launcher ssh() {
        if (hosts.isEmpty()) {
            throw new UsageException("--launcher ssh needs --hosts, e.g. --hosts node1,node2");
        }
        SshLauncher.Builder b = SshLauncher.builder();
        LauncherChecks.set("--hosts", "hosts", () -> b.hosts(hosts));
        if (user != null) {
            LauncherChecks.set("--ssh-user", "user", () -> b.user(user));
        }
        if (identity != null) {
            LauncherChecks.set("--ssh-identity", "identityFile", () -> b.identityFile(identity));
        }
        LauncherChecks.set("--ssh-option", "sshOptions", () -> b.sshOptions(sshOptions.toArray(String[]::new)));
        if (shipClasspath && remoteClasspath != null) {
            throw new UsageException("--ship-classpath ships this classpath, --remote-classpath names one already on the "
                    + "hosts: give one of them");
        }
        b.shipClasspath(shipClasspath);
        if (jarDirectory != null) {
            LauncherChecks.set("--remote-jar-dir", "jarDirectory", () -> b.jarDirectory(jarDirectory));
        }
        remotePaths(b::javaPath, b::remoteClasspath, b::remoteCachePath);
        return b.build();
    }

    /** The same three settings exist on both builders. */
    private void remotePaths(Consumer<String> java, Consumer<String> classpath, Consumer<String> cacheRoot) {
        if (remoteJava != null) {
            LauncherChecks.set("--remote-java", "javaPath", () -> java.accept(remoteJava));
        }
        if (remoteClasspath != null) {
            LauncherChecks.set("--remote-classpath", "remoteClasspath", () -> classpath.accept(remoteClasspath));
        }
        if (remoteCache != null) {
            LauncherChecks.set("--remote-cache", "remoteCachePath", () -> cacheRoot.accept(remoteCache));
        }
    }

    /** An option of another launcher is a mistake worth saying, not something to ignore. */
    private void requireOnlyFor(Kind owner, Object... namesAndValues) {
        if (kind == owner) {
            return;
        }
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw new UsageException(namesAndValues[i] + " is for " + (owner == null ? "--launcher slurm or ssh"
                        : "--launcher " + owner.name().toLowerCase(Locale.ROOT)) + ", but the launcher is "
                        + kind.name().toLowerCase(Locale.ROOT));
            }
        }
    }
}
