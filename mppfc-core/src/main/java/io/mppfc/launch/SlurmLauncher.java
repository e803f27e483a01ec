package io.mppfc.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts each worker as a Slurm job step:
 * {@code srun --unbuffered -N1 -n1 [options] java ... io.mppfc.worker.WorkerMain}. The pipes of
 * {@code srun} are the worker's pipes ({@code --unbuffered} is what lets binary frames through
 * at once). Inside an allocation ({@code SLURM_JOB_ID} is set, as in an {@code sbatch} script)
 * each step also gets {@code --exact}, so steps share the allocation instead of each waiting
 * for all of it.
 *
 * <p>Slurm runs the steps with this process's environment (so {@code SLURM_CONF} and
 * {@code PATH} travel) and working directory. The classpath and the cache directory must be on
 * a file system every node sees; see {@link Builder#remoteClasspath(String)} and
 * {@link Builder#remoteCachePath(String)} when it is mounted elsewhere there. A step that Slurm
 * cancels, or ends at its time limit, is a dead worker: its task is tried again on a new step
 * (up to {@code maxRetries}), and the error says what Slurm reported.
 *
 * <pre>{@code
 * SlurmLauncher slurm = SlurmLauncher.builder().partition("compute").timeLimit(Duration.ofHours(2))
 *         .cpusPerTask(1).memory("4G").build();
 * var f = Mppfc.cache(Physics::simulate).path(Path.of("/shared/cache")).launcher(slurm).build();
 * f.startWorkers(64);
 * }</pre>
 *
 * @since 0.1
 */
public final class SlurmLauncher implements Launcher {

    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]*[KMGT]?");
    /** slurmstepd's report of a step or job it ended: "*** STEP 12.0 ON node1 CANCELLED AT ... ***". */
    private static final Pattern SLURM_REPORT = Pattern.compile(".*\\*\\*\\* (JOB|STEP) .*\\*\\*\\*.*");

    private final String srun;
    private final List<String> options;
    private final RemotePaths paths;

    private SlurmLauncher(Builder builder) {
        this.srun = builder.srun;
        this.options = List.copyOf(builder.options());
        this.paths = builder.paths.copy();
    }

    /**
     * Returns a builder with Slurm's defaults: the default partition, account and time limit.
     *
     * @return a builder with Slurm's defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public WorkerCommand command(WorkerJvm jvm) {
        List<String> command = new ArrayList<>();
        command.add(srun);
        command.addAll(List.of("--unbuffered", "-N1", "-n1", "--job-name=mppfc-worker-" + jvm.workerIndex()));
        if (System.getenv("SLURM_JOB_ID") != null) {
            command.add("--exact");
        }
        command.addAll(options);
        command.addAll(paths.javaCommand(jvm));
        return new WorkerCommand(command, Map.of(), "a Slurm job step");
    }

    /**
     * Returns null: a step waits in Slurm's queue for as long as the cluster is busy, and
     * killing it there only sends its successor to the back of the queue. Set
     * {@code workerStartTimeout} to bound it anyway.
     */
    @Override
    public Duration defaultStartTimeout() {
        return null;
    }

    @Override
    public String workerCacheDirectory(Path cacheDirectory) {
        return paths.cacheDirectory(cacheDirectory);
    }

    @Override
    public ExitReport explainExit(WorkerCommand command, int exitValue, boolean wasReady,
            List<String> lastStderrLines) {
        for (String line : lastStderrLines) {
            if (SLURM_REPORT.matcher(line).matches()) {
                String what = line.contains("TIME LIMIT") ? "reached its Slurm time limit (raise timeLimit)"
                        : line.contains("CANCELLED") ? "was cancelled by Slurm"
                        : "was ended by Slurm";
                return new ExitReport(what + ": " + line.strip(), false);
            }
        }
        for (String line : lastStderrLines) {
            if (line.contains("oom_kill") || line.contains("oom-kill")) {
                return new ExitReport("was killed by Slurm for using more memory than its step may "
                        + "(raise memory): " + line.strip(), false);
            }
        }
        if (!wasReady) {
            for (String line : lastStderrLines) {
                if (line.startsWith("srun: error:")) {
                    return new ExitReport("could not be started as a Slurm job step (srun exit code " + exitValue
                            + "): " + line.strip(), false);
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return paths.describe("Slurm job steps", options);
    }

    /**
     * Options of the job steps. Each is checked when set; unset ones are left to Slurm's
     * defaults (the partition's time limit, the account's default, and so on).
     *
     * @since 0.1
     */
    public static final class Builder {

        private String srun = "srun";
        private String partition;
        private String account;
        private Duration timeLimit;
        private Integer cpusPerTask;
        private String memory;
        private final List<String> srunArguments = new ArrayList<>();
        private final RemotePaths paths = new RemotePaths();

        private Builder() {
        }

        /**
         * The partition ({@code --partition}).
         *
         * @param partition a partition name
         * @return this builder
         */
        public Builder partition(String partition) {
            this.partition = Words.require(partition, "partition");
            return this;
        }

        /**
         * The account charged ({@code --account}).
         *
         * @param account an account name
         * @return this builder
         */
        public Builder account(String account) {
            this.account = Words.require(account, "account");
            return this;
        }

        /**
         * The time limit of each step ({@code --time}), which is each worker's lifetime: a step
         * that reaches it is ended by Slurm and its task tried again on a new step.
         *
         * @param limit at least one second
         * @return this builder
         */
        public Builder timeLimit(Duration limit) {
            if (limit == null || limit.getSeconds() < 1) {
                throw new IllegalArgumentException("timeLimit must be at least one second, got " + limit);
            }
            this.timeLimit = limit;
            return this;
        }

        /**
         * CPUs for each worker ({@code --cpus-per-task}); a function that runs threads of its
         * own wants more than one.
         *
         * @param cpus 1 or more
         * @return this builder
         */
        public Builder cpusPerTask(int cpus) {
            if (cpus < 1) {
                throw new IllegalArgumentException("cpusPerTask must be at least 1, got " + cpus);
            }
            this.cpusPerTask = cpus;
            return this;
        }

        /**
         * Memory for each worker ({@code --mem}), such as {@code 4G}; keep the worker's
         * {@code -Xmx} (workerJvmOptions) below it, with room for the JVM's own memory.
         *
         * @param memory a number with an optional unit K, M, G or T
         * @return this builder
         */
        public Builder memory(String memory) {
            if (memory == null || !MEMORY.matcher(memory).matches()) {
                throw new IllegalArgumentException("memory must be a number of megabytes or a number with the unit K, "
                        + "M, G or T (such as 4G), got " + (memory == null ? "null" : "\"" + memory + "\""));
            }
            this.memory = memory;
            return this;
        }

        /**
         * More {@code srun} options, passed as given after the ones above, such as
         * {@code --constraint=avx512} or {@code --qos=long}.
         *
         * @param arguments srun options
         * @return this builder
         */
        public Builder srunArguments(String... arguments) {
            for (String a : arguments) {
                srunArguments.add(Words.requireText(a, "srunArguments: an argument"));
            }
            return this;
        }

        /**
         * The {@code srun} program (default {@code srun}, found on the PATH).
         *
         * @param srun a program name or path
         * @return this builder
         */
        public Builder srun(String srun) {
            this.srun = Words.require(srun, "srun");
            return this;
        }

        /**
         * The {@code java} executable on the nodes (default: this JVM's own path, right when the
         * JDK is on a shared file system or installed at the same place everywhere).
         *
         * @param path a path, or {@code java} to use the PATH
         * @return this builder
         */
        public Builder javaPath(String path) {
            paths.java(path);
            return this;
        }

        /**
         * The workers' classpath as the nodes see it (default: this classpath, made absolute).
         *
         * @param classpath a classpath with the function's classes and mppfc-worker
         * @return this builder
         */
        public Builder remoteClasspath(String classpath) {
            paths.classpath(classpath);
            return this;
        }

        /**
         * The cache root as the nodes see it (default: the coordinator's path, made absolute).
         * Each function's directory keeps its name below it.
         *
         * @param root an absolute path on the nodes
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
         */
        public SlurmLauncher build() {
            return new SlurmLauncher(this);
        }

        private List<String> options() {
            List<String> options = new ArrayList<>();
            if (partition != null) {
                options.add("--partition=" + partition);
            }
            if (account != null) {
                options.add("--account=" + account);
            }
            if (timeLimit != null) {
                options.add("--time=" + slurmTime(timeLimit));
            }
            if (cpusPerTask != null) {
                options.add("--cpus-per-task=" + cpusPerTask);
            }
            if (memory != null) {
                options.add("--mem=" + memory);
            }
            options.addAll(srunArguments);
            return options;
        }
    }

    /** Slurm's days-hours:minutes:seconds, with seconds rounded up. */
    static String slurmTime(Duration limit) {
        long seconds = limit.getSeconds() + (limit.getNano() > 0 ? 1 : 0);
        return String.format("%d-%02d:%02d:%02d", seconds / 86_400, seconds / 3600 % 24, seconds / 60 % 60,
                seconds % 60);
    }
}
