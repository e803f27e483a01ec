package io.mppfc;

import io.mppfc.function.FunctionNames;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a cached function; made by {@link Mppfc#cache(io.mppfc.Fn1)} and its
 * overloads. Every option is checked when it is set, and the message names the option and the
 * bad value.
 *
 * @param <F> what {@link #build()} returns
 * @since 0.1
 */
public final class CacheBuilder<F> {

    /** What this builder has been told; {@link FunctionAssembly} reads it when {@link #build()} is called. */
    final CacheSettings<F> settings;

    CacheBuilder(CacheSettings<F> settings) {
        this.settings = settings;
    }

    /**
     * The cache root; the function's entries go to a directory below it. Default {@code .cache}
     * (relative to the working directory). Created owner-only if missing (the group's with
     * {@link #sharedWithGroup(String)}).
     *
     * @param path the root
     * @return this builder
     */
    public CacheBuilder<F> path(Path path) {
        settings.path = Objects.requireNonNull(path, "path must not be null");
        return this;
    }

    /**
     * A stable name for the function, used for its directory instead of the method's name.
     * Required for a lambda, whose compiler-generated name changes when the code is edited.
     *
     * @param name 1 to 100 ASCII letters, digits and {@code . _ $ -}
     * @return this builder
     */
    public CacheBuilder<F> name(String name) {
        settings.name = FunctionNames.checkUserName(name);
        return this;
    }

    /**
     * Whether the class name is part of the directory name (default true). Without it, the same
     * method name in another class shares the cache: useful when code moves between classes.
     *
     * @param include whether to include it
     * @return this builder
     */
    public CacheBuilder<F> includeClassName(boolean include) {
        settings.includeClassName = include;
        return this;
    }

    /**
     * A version salt, part of every key: change it when the function's code changes its results,
     * and the old entries are no longer found (they stay on disk until cleared).
     *
     * @param version any text, at most 1000 characters
     * @return this builder
     */
    public CacheBuilder<F> version(String version) {
        settings.version = OptionChecks.version(version);
        return this;
    }

    /**
     * Whether the function's code is part of its cache (default true). The bytecode of the
     * function and of every method of your own code it can reach is fingerprinted when the
     * function is built, normalised so that comments, line numbers, local variable names and
     * methods it never calls do not count; results of other code versions are kept apart (see
     * {@code mppfc status}) and never served. Without it, only {@link #version(String)} tells
     * versions apart.
     *
     * @param track whether to fingerprint the code
     * @return this builder
     */
    public CacheBuilder<F> trackCode(boolean track) {
        settings.trackCode = track;
        return this;
    }

    /**
     * Which code is yours, for the fingerprint: classes in these packages (and their
     * subpackages). By default, the classes of the function's own jar or class directory and of
     * every class directory on the classpath are yours, and the JDK's and other jars' are not.
     *
     * @param packages package names such as {@code com.acme}
     * @return this builder
     */
    public CacheBuilder<F> trackCodeIn(String... packages) {
        settings.ownPackages = OptionChecks.somePackageNames("trackCodeIn", packages, "com.acme");
        return this;
    }

    /**
     * Results stored longer ago than this are misses: computed again and replaced atomically
     * ({@code apply}, {@code hasKey} and {@code cacheOnly} agree). For results that depend on
     * something outside the arguments and the code that changes with time (a database, a
     * file). Entries written by mppfc 0.1 carry no time and count as stale. Default: never.
     *
     * <p>Any positive duration works, up to {@code Duration}'s largest. A result whose stored time
     * is in the future (a writer's clock ahead of this one, on a shared file system) is stale: its
     * age is unknown, and a result of unknown age is never served as fresh.
     *
     * @param age the age at which a result is stale, positive
     * @return this builder
     */
    public CacheBuilder<F> staleAfter(Duration age) {
        settings.staleAfter = OptionChecks.positive("staleAfter", age);
        return this;
    }

    /**
     * Whether a call whose failure is recorded in the cache fails at once with the recorded
     * exception and stack trace, instead of computing again (default false: a new run tries
     * again, and a success removes the record). Records belong to one code version: after a
     * code change every call is tried again. Only a deterministic failure is answered so: the
     * function threw an {@link Exception}. An {@link Error} ({@code OutOfMemoryError},
     * {@code StackOverflowError}) depends on the JVM's settings, and a worker's death, a timeout or
     * a result that could not be stored on the machine and the moment: those are recorded (see
     * {@code mppfc failures}) and computed again.
     *
     * @param skip whether to answer known failures from disk
     * @return this builder
     */
    public CacheBuilder<F> skipKnownFailures(boolean skip) {
        settings.skipKnownFailures = skip;
        return this;
    }

    /**
     * Whether each entry is fsynced (file and directory) before a write counts as done
     * (default false: the rename is atomic, so a crash loses at most the newest entries,
     * never corrupts one, and without fsync writes are several times faster).
     *
     * @param durable whether to fsync
     * @return this builder
     */
    public CacheBuilder<F> durable(boolean durable) {
        settings.durable = durable;
        return this;
    }

    /**
     * Whether the cache root also gets a {@code CACHEDIR.TAG} (default false). Backup and archiving
     * tools that honour the tag skip the whole cache: for results that are cheap to compute again.
     * Either way the root holds mppfc's own marker, {@code .mppfc-cache}, by which the {@code mppfc}
     * commands that delete or rewrite files know it is a cache.
     *
     * @param tag whether to write the tag
     * @return this builder
     * @since 0.3
     */
    public CacheBuilder<F> cacheDirTag(boolean tag) {
        settings.cacheDirTag = tag;
        return this;
    }

    /**
     * Whether a cache directory (or cache root) that group or others may write to is refused
     * (default false: it is reported with a warning). Anyone who can write there can plant
     * entries that this program would read.
     *
     * @param strict whether to refuse
     * @return this builder
     */
    public CacheBuilder<F> strictPermissions(boolean strict) {
        settings.strictPermissions = strict;
        return this;
    }

    /**
     * Makes the cache a team's: every member of {@code group} reads its results and adds their
     * own, on one machine or on a shared file system such as NFS. The cache root, if missing (or
     * empty and this user's), is made the group's, setgid and group-writable (2770); every
     * directory mppfc makes in it is too, and every file is group-readable and -writable (0660),
     * whatever the umask of whoever writes. The root's mode is the record: later programs,
     * workers and {@code mppfc} commands of any member keep to it without this option, and
     * {@link #strictPermissions(boolean)} then accepts directories the group may write and refuses
     * only those others may. An existing root that is not the group's is refused with the
     * commands that share it. Every member needs an mppfc that knows this option: an older one
     * writes owner-only files.
     *
     * @param group the name of the group, e.g. {@code "physics"}; this user must be a member
     * @return this builder
     * @throws IllegalArgumentException if the name is empty
     * @since 0.4
     */
    public CacheBuilder<F> sharedWithGroup(String group) {
        settings.group = OptionChecks.groupName(group);
        return this;
    }

    /**
     * Whether the cache is only read, never changed (default false): nothing is created, a miss
     * is computed but not stored, a damaged entry is an error instead of being moved aside, hits
     * leave the entries' times alone, and {@code setResult}, {@code update} and
     * {@code startWorkers} are refused. For reading a cache someone else owns, and for tools that
     * only look ({@code mppfc get}).
     *
     * @param readOnly whether to only read
     * @return this builder
     */
    public CacheBuilder<F> readOnly(boolean readOnly) {
        settings.readOnly = readOnly;
        return this;
    }

    /**
     * Whether new entries are compressed with zstd at its default level (3); default false.
     * Worth it for large, compressible results (measured data, text, sparse arrays: a 10 MB
     * {@code double[]} of 3-decimal values becomes 53 KB and reads 10 times faster); results
     * encoded in under 4 KiB are stored as they are, since compression only costs them time.
     * Entries are read whatever their compression. Needs {@code com.github.luben:zstd-jni} on
     * the classpath.
     *
     * @param compress whether to compress
     * @return this builder
     */
    public CacheBuilder<F> compress(boolean compress) {
        return compress(compress ? 3 : 0);
    }

    /**
     * Compresses new entries with zstd at this level: 1 (fastest) to 19 (smallest), 0 for none.
     *
     * @param level the zstd level
     * @return this builder
     * @throws IllegalArgumentException if the level is out of range
     */
    public CacheBuilder<F> compress(int level) {
        settings.compressionLevel = OptionChecks.zstdLevel(level);
        return this;
    }

    /**
     * The codec for new entries (default {@link Codec#FORY}).
     *
     * @param codec the codec
     * @return this builder
     */
    public CacheBuilder<F> codec(Codec codec) {
        settings.codec = Objects.requireNonNull(codec, "codec must not be null");
        return this;
    }

    /**
     * Classes that cached results may contain, beyond JDK value types and the function's return
     * type (with the classes in its generic arguments, and their packages), which are allowed
     * by default. Reading an entry that holds any other class is refused.
     *
     * @param classes the classes
     * @return this builder
     */
    public CacheBuilder<F> allowClasses(Class<?>... classes) {
        settings.allowedClasses.addAll(OptionChecks.classNames("allowClasses", classes));
        return this;
    }

    /**
     * Packages whose classes cached results may contain (not their sub-packages).
     *
     * @param packages package names such as {@code com.acme.model}
     * @return this builder
     */
    public CacheBuilder<F> allowPackages(String... packages) {
        settings.allowedPackages.addAll(OptionChecks.packageNames("allowPackages", packages, "com.acme.model"));
        return this;
    }

    /**
     * Options for each worker JVM, such as {@code -Xmx8g}; they come before the main class. The
     * default is none: workers run with the JVM's defaults, at full speed.
     *
     * @param options JVM options
     * @return this builder
     */
    public CacheBuilder<F> workerJvmOptions(String... options) {
        settings.workerJvmOptions.addAll(OptionChecks.jvmOptions("workerJvmOptions", options));
        return this;
    }

    /**
     * The classpath of the worker JVMs (default: this JVM's class path, and the modules of its
     * module path). It must contain the function's class and {@code mppfc-worker}.
     *
     * @param classpath a classpath
     * @return this builder
     */
    public CacheBuilder<F> workerClasspath(String classpath) {
        settings.workerClasspath = OptionChecks.classpath("workerClasspath", classpath);
        return this;
    }

    /**
     * Whether every worker sends its results to this process over its pipe, which stores them,
     * instead of writing them into the cache itself (default false: a worker that does not see
     * the cache directory does so anyway). For workers on machines that share no file system
     * with this one, or that must not write there.
     *
     * @param overPipe true to have every worker send its results
     * @return this builder
     */
    public CacheBuilder<F> resultsOverPipe(boolean overPipe) {
        settings.resultsOverPipe = overPipe;
        return this;
    }

    /**
     * How often a task whose worker died (killed, crashed, out of memory, {@code System.exit})
     * is tried again on a fresh worker before it fails (default 1).
     *
     * @param retries 0 or more
     * @return this builder
     */
    public CacheBuilder<F> maxRetries(int retries) {
        settings.maxRetries = OptionChecks.notNegative("maxRetries", retries);
        return this;
    }

    /**
     * The longest a task may run in a worker; a task running longer is killed with its worker
     * and fails with a timeout error (default: no limit).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public CacheBuilder<F> taskTimeout(Duration timeout) {
        settings.taskTimeout = OptionChecks.positive("taskTimeout", timeout);
        return this;
    }

    /**
     * Stop at the first failure: once a task computed by a worker has failed (thrown, timed out,
     * its worker died), no task starts. Tasks running on other workers then are terminated, and
     * queued ones stay queued for the next {@code startWorkers}. Each worker is given one job at a
     * time, so none holds one that it could start before its failure is heard of; short tasks
     * lose the speed that jobs held ahead give them (default: off, every task runs).
     *
     * @param failFast whether the first failure stops the workers
     * @return this builder
     */
    public CacheBuilder<F> failFast(boolean failFast) {
        settings.failFast = failFast;
        return this;
    }

    /**
     * The longest a worker may take from launch to ready before it is killed (default 60 s;
     * with {@link io.mppfc.launch.SlurmLauncher} no limit, as a step may wait in the queue).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public CacheBuilder<F> workerStartTimeout(Duration timeout) {
        settings.workerStartTimeout = OptionChecks.positive("workerStartTimeout", timeout);
        return this;
    }

    /**
     * How worker processes start (default: {@link LocalJvmLauncher}, JVMs on this machine). With
     * {@link io.mppfc.launch.SlurmLauncher} or {@link io.mppfc.launch.SshLauncher} workers run on
     * other machines: where they do not see the cache path they send their results here, and
     * {@code startWorkers} takes a count of workers rather than a share of this machine's cores.
     *
     * @param launcher the launcher
     * @return this builder
     */
    public CacheBuilder<F> launcher(Launcher launcher) {
        settings.launcher = Objects.requireNonNull(launcher, "launcher must not be null");
        return this;
    }

    /**
     * A store shared with other machines behind the local cache, asked and written as {@link
     * SharedStore} says (for example {@code mppfc-s3}'s {@code S3Store}); what it answers is stored
     * locally, and it never fails a computation. {@link CachedFunction#awaitAll()} and {@link
     * CachedFunction#close()} wait (boundedly) for the uploads and say at WARN what could not be
     * uploaded; a program that exits without {@code close()} waits for them up to 10 seconds, and what
     * is left is uploaded by the next run with the store. Failure records are shared too ({@link
     * #skipKnownFailures(boolean)} reads the store's on a local miss). A {@link #readOnly(boolean)}
     * cache asks it and keeps what it answers in memory only (its directory need not exist); it
     * uploads nothing.
     *
     * @param store the shared store
     * @return this builder
     */
    public CacheBuilder<F> shared(SharedStore store) {
        settings.shared = Objects.requireNonNull(store, "shared: the store is null");
        return this;
    }

    /**
     * Creates the cached function (and its directory).
     *
     * @return the cached function
     * @throws IllegalArgumentException if the function is a lambda without {@link #name(String)},
     *     or cannot be found again by its name
     * @throws UncheckedIOException if the cache directory cannot be created or written
     */
    public F build() {
        return new FunctionAssembly<>(settings).build();
    }
}
