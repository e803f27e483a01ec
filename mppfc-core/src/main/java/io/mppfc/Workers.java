package io.mppfc;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.launch.Launcher;
import io.mppfc.pool.EntryPresence;
import io.mppfc.pool.ResultReceiver;
import io.mppfc.pool.TaskFailure;
import io.mppfc.pool.WorkerPool;
import io.mppfc.pool.WorkerSpec;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The worker processes of one cached function: made on first use, so a function that never
 * starts workers never pays for them.
 */
final class Workers {

    /** Interrupted waits throw an unchecked exception and keep the interrupt flag. */
    @FunctionalInterface
    private interface Wait<T> {
        T run(WorkerPool pool) throws InterruptedException;
    }

    private final FailureRecords failures;
    private final String name;
    private final WorkerSpec spec;
    private final Launcher launcher;
    private final String unavailable;
    private final EntryPresence entryPresent;
    private final ClassesForWorkers classes;
    private volatile WorkerPool pool;
    /** Where results workers send over their pipes are stored; set before the pool is made. */
    private ResultReceiver receiver;

    /**
     * The workers of one function, not started.
     * @param spec how to start workers, or null if they cannot run this function
     * @param launcher how worker processes start
     * @param unavailable why not, when spec is null
     * @param entryPresent whether the cache has an entry for a key, by a stat
     * @param failures where failures are recorded
     * @param classes what workers must load to run the function, checked when the pool is made
     */
    Workers(String name, WorkerSpec spec, Launcher launcher, String unavailable, EntryPresence entryPresent,
            FailureRecords failures, ClassesForWorkers classes) {
        this.classes = classes;
        this.entryPresent = entryPresent;
        this.failures = failures;
        this.name = name;
        this.spec = spec;
        this.launcher = launcher;
        this.unavailable = unavailable;
    }

    /** These workers' results sent over their pipes are stored by {@code receiver}. */
    Workers receivingInto(ResultReceiver receiver) {
        this.receiver = receiver;
        return this;
    }

    WorkerPool pool() {
        WorkerPool p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    if (spec == null) {
                        throw new IllegalStateException(name + " cannot run in worker processes: " + unavailable);
                    }
                    classes.unloadable().ifPresent(why -> {
                        throw new IllegalStateException(name + " cannot run in worker processes: " + why);
                    });
                    pool = new WorkerPool(spec, launcher, entryPresent, failures, receiver);
                }
                p = pool;
            }
        }
        return p;
    }

    /**
     * Returns the pool if workers take tasks now, else null (plain calls compute here).
     *
     * @return the pool if workers take tasks now, else null (plain calls compute here)
     */
    WorkerPool runningPool() {
        WorkerPool p = pool;
        return p != null && p.isRunning() ? p : null;
    }

    /**
     * Returns why a worker failed for this key, if one did while this object lived.
     *
     * @return why a worker failed for this key, if one did while this object lived
     */
    TaskFailure failure(CacheKey key) {
        WorkerPool p = pool;
        return p == null ? null : p.failure(key);
    }

    boolean start(NumProc count) {
        int workers = launcher.runsOnThisMachine() ? count.resolve(Runtime.getRuntime().availableProcessors())
                : count.resolveWithoutCores(launcher.toString());
        if (spec != null && spec.classpath().equals(DefaultWorkerClasspath.get())) {
            requireWorkerModule(); // with a classpath of their own, workers say what they miss
        }
        return pool().start(workers);
    }

    private static void requireWorkerModule() {
        try {
            Class.forName(Launcher.MAIN_CLASS, false, Workers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            if (DefaultWorkerClasspath.modulePathHasWorker()) {
                return;
            }
            throw new IllegalStateException("startWorkers needs the worker process class " + Launcher.MAIN_CLASS
                    + " on the classpath or module path: add the dependency io.mppfc:mppfc-worker (mppfc-core alone caches, "
                    + "but runs no workers)");
        }
    }

    void awaitAll(Duration statusInterval) {
        waitFor(p -> {
            p.awaitAll(statusInterval, System.err);
            return null;
        });
    }

    boolean join(Duration timeout) {
        return pool == null || waitFor(p -> p.join(timeout));
    }

    boolean terminate(Duration timeout) {
        return pool == null || waitFor(p -> p.terminate(timeout));
    }

    private <T> T waitFor(Wait<T> wait) {
        WorkerPool p = pool;
        if (p == null) {
            return null;
        }
        try {
            return wait.run(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("interrupted while waiting for the workers of "
                    + name + "; they keep running");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    Status status() {
        WorkerPool p = pool;
        return p != null ? p.status() : new Status(0, 0, 0, 0, 0, null, null, 0);
    }

    void close() {
        WorkerPool p = pool;
        if (p != null) {
            p.close();
        }
    }
}
