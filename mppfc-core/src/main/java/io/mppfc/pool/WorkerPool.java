package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.WorkerJvm;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one cached function's worker processes (the original's
 * {@code MultiProcCachedFunction}): a queue of tasks, each sent once to a worker that has
 * room in its small window of jobs, and the bookkeeping of what is waiting, running, done and
 * failed. Workers store results in the cache themselves; DONE says an entry is in place.
 *
 * <p>All state is guarded by one lock; workers' threads report into it. Internal: used through
 * the cached-function API.
 */
public final class WorkerPool implements AutoCloseable {

    /**
     * A worker holds enough jobs to stay busy for about this long, so it never waits for the
     * coordinator (which may not get a core at once when workers fill the machine). Tasks this
     * long or longer get a window of one: a job held behind an hour-long task while another
     * worker idles would cost far more than the round trip saved.
     */
    private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_WINDOW = 64;
    private static final int MAX_START_FAILURES = 3;
    private static final Duration MONITOR_PERIOD = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a key stands in this pool. */
    public enum KeyState {
        /** queued or running */
        PENDING,
        /** failed in this run; {@link #failure(CacheKey)} says why */
        FAILED,
        /** unknown to the pool: look in the cache */
        UNKNOWN
    }

    private final WorkerSpec spec;
    /** The function's cache directory as this JVM sees it. */
    private final Path cacheDirectory;
    private final Launcher launcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final Map<CacheKey, Task> pending = new HashMap<>();
    private final Map<CacheKey, TaskFailure> failures = new HashMap<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final WorkerEvents events = new WorkerEvents();
    private boolean accepting;
    private String broken;
    private int startFailures;
    /** Workers asked for by {@link #start(int)} and not launched yet (no task was queued). */
    private int wanted;
    /** The file that workers elsewhere must see in the cache directory, or null (not made yet, or local). */
    private Path shareMarker;
    /** Whether a worker of this pool is writing the class data archive. */
    private boolean archiving;
    private long done;
    private long failed;
    private long issued;
    /** Tasks done and their compute time as the workers measured it, which sizes the windows. */
    private long timedTasks;
    private long timedNanos;
    private Thread monitor;

    /**
     * A pool with no worker started yet.
     * @param spec how to start and greet workers
     * @param launcher how a worker process is started
     */
    public WorkerPool(WorkerSpec spec, Launcher launcher) {
        this.spec = spec;
        this.cacheDirectory = Path.of(spec.hello().cacheDirectory());
        this.launcher = launcher;
    }

    /**
     * Starts {@code count} workers when there is work for them: at once if tasks are queued,
     * else with the first task queued, so a run that finds everything cached starts no process.
     * Workers start independently, and jobs go to each as soon as it is ready.
     *
     * @param count how many
     * @return false (and a log line saying why) if workers are running or still stopping
     * @throws IllegalStateException if no worker can be launched at all
     */
    public boolean start(int count) {
        lock.lock();
        try {
            if (accepting || !workers.isEmpty()) {
                LOG.warn("workers of {} are {}; not starting more", spec.functionName(),
                        accepting ? "running" : "still stopping (call join or terminate again)");
                return false;
            }
            broken = null;
            startFailures = 0;
            accepting = true;
            wanted = count;
            if (!queue.isEmpty()) {
                launchWanted();
            }
            if (monitor == null) {
                monitor = new Thread(this::monitor, "mppfc-" + spec.hello().methodName() + "-monitor");
                monitor.setDaemon(true);
                monitor.start();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Launches the workers asked for by the last start, once. Lock held. */
    private void launchWanted() {
        for (int i = 1; i <= wanted; i++) {
            spawn(i);
        }
        wanted = 0;
    }

    private void spawn(int index) {
        ClassDataSharing.Plan sharing = launcher instanceof LocalJvmLauncher
                ? ClassDataSharing.plan(spec.classpath(), !archiving) : ClassDataSharing.Plan.NONE;
        archiving |= sharing.pending() != null;
        WorkerProcess worker = null;
        try {
            Messages.Hello hello = spec.hello().forWorker(index, launcher.workerCacheDirectory(cacheDirectory),
                    launcher.runsOnThisMachine() ? "" : shareMarker(), randomHex(6));
            worker = new WorkerProcess(index, hello, events, sharing, launcher);
            workers.add(worker);
            List<String> jvmOptions = new ArrayList<>(spec.jvmOptions());
            jvmOptions.addAll(sharing.jvmOptions());
            worker.launch(launcher.command(new WorkerJvm(jvmOptions, spec.classpath(), index)));
        } catch (IOException | RuntimeException e) {
            workers.remove(worker);
            accepting = false;
            breakDown("cannot launch a worker process with " + launcher + ": " + e.getMessage());
            throw new IllegalStateException(broken, e);
        }
    }

    /**
     * Makes, once, the file by which a worker on another machine knows it sees this very
     * directory, not one of the same name on its own disk (where its results would be lost).
     * Lock held.
     */
    private String shareMarker() throws IOException {
        if (shareMarker == null) {
            Path marker = cacheDirectory.resolve(".share-" + randomHex(8));
            try {
                Files.createFile(marker);
            } catch (IOException e) {
                throw new IOException("cannot write to the cache directory " + cacheDirectory + ": " + e, e);
            }
            marker.toFile().deleteOnExit();
            shareMarker = marker;
        }
        return shareMarker.getFileName().toString();
    }

    private static String randomHex(int bytes) {
        byte[] nonce = new byte[bytes];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    /**
     * Returns whether workers take tasks (started, and not joined, terminated or done).
     *
     * @return whether workers take tasks (started, and not joined, terminated or done)
     */
    public boolean isRunning() {
        lock.lock();
        try {
            return accepting;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns where it stands.
     *
     * @param key a key
     * @return where it stands
     */
    public KeyState state(CacheKey key) {
        lock.lock();
        try {
            if (pending.containsKey(key)) {
                return KeyState.PENDING;
            }
            return failures.containsKey(key) ? KeyState.FAILED : KeyState.UNKNOWN;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns why it failed, or null.
     *
     * @param key a key whose state is {@link KeyState#FAILED}
     * @return why it failed, or null
     */
    public TaskFailure failure(CacheKey key) {
        lock.lock();
        try {
            return failures.get(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a task unless its key is queued or running already.
     *
     * @param key the key
     * @param arguments the footprint of the arguments
     * @param description the arguments, for messages
     * @return a future completed when the entry is in the cache, or exceptionally with a
     *     {@link TaskFailedException}
     */
    public CompletableFuture<Void> enqueue(CacheKey key, byte[] arguments, String description) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        lock.lock();
        try {
            TaskFailure failure = broken != null ? new TaskFailure(TaskFailure.WORKERS_UNAVAILABLE, broken, "")
                    : failures.get(key);
            if (failure != null) {
                future.completeExceptionally(new TaskFailedException(failure));
                return future;
            }
            Task task = pending.get(key);
            if (task == null) {
                task = new Task(ids.incrementAndGet(), key, arguments, description);
                pending.put(key, task);
                queue.addLast(task);
                issued++;
                if (accepting && wanted > 0) {
                    launchWanted();
                }
                dispatch();
                changed.signalAll();
            }
            task.addWaiter(future);
            return future;
        } finally {
            lock.unlock();
        }
    }

    /** Sends queued tasks to workers with room. Lock held. */
    private void dispatch() {
        if (!accepting) {
            return;
        }
        int window = window();
        for (WorkerProcess worker : workers) {
            while (worker.ready && !worker.stopRequested && worker.killReason() == null
                    && worker.outstanding.size() < window && !queue.isEmpty()) {
                Task task = queue.pollFirst();
                worker.outstanding.addLast(task);
                worker.send(FrameType.JOB, new Messages.Job(task.id, task.key.bytes(), task.arguments).encode());
            }
        }
    }

    /**
     * Jobs per worker: one until a task's time is known, then enough for about 50 ms. The time
     * is the workers' own measure: one taken here would include the pipe's delays, and through
     * srun a DONE frame can arrive 40 ms late (measured), which made trivial tasks look slow,
     * shrank the window to one and cut throughput 25-fold. Lock held.
     */
    private int window() {
        if (timedTasks == 0) {
            return 1;
        }
        long perTask = Math.max(1, timedNanos / timedTasks);
        return (int) Math.max(1, Math.min(MAX_WINDOW, WINDOW_NANOS / perTask));
    }

    /**
     * Waits until nothing is queued or running, then stops the workers.
     *
     * @param statusInterval how often to print the status line to {@code out}, or null for never
     * @param out where the status line goes
     * @throws InterruptedException if interrupted while waiting (the workers go on)
     * @throws IllegalStateException if the workers cannot run the function at all (the reason says why)
     */
    public void awaitAll(Duration statusInterval, PrintStream out) throws InterruptedException {
        StatusPrinter printer = statusInterval == null ? null : new StatusPrinter(out);
        long interval = statusInterval == null ? TimeUnit.SECONDS.toNanos(1) : Math.max(1, statusInterval.toNanos());
        lock.lock();
        try {
            while (!queue.isEmpty() || outstanding() > 0) {
                if (broken != null) {
                    stopLocked();
                    throw new IllegalStateException(broken);
                }
                if (!accepting && workers.isEmpty()) {
                    break; // joined or terminated: the rest waits for the next start
                }
                long deadline = System.nanoTime() + interval;
                for (long left = interval; left > 0 && changedOrDone(); left = deadline - System.nanoTime()) {
                    changed.awaitNanos(left);
                }
                if (printer != null) {
                    printer.print(statusLocked());
                }
            }
            if (printer != null) {
                printer.finish(statusLocked());
            }
            stopLocked();
            if (broken != null) {
                throw new IllegalStateException(broken);
            }
        } finally {
            lock.unlock();
        }
    }

    /** True while waiting makes sense: work is left and nothing is broken. Lock held. */
    private boolean changedOrDone() {
        return (!queue.isEmpty() || outstanding() > 0) && broken == null && (accepting || !workers.isEmpty());
    }

    private int outstanding() {
        int n = 0;
        for (WorkerProcess w : workers) {
            n += w.outstanding.size();
        }
        return n;
    }

    /** Stops idle workers: STOP, then stdin closed; waits for them (they are idle). Lock held. */
    private void stopLocked() throws InterruptedException {
        accepting = false;
        for (WorkerProcess w : workers) {
            w.stopRequested = true;
            w.send(FrameType.STOP, new byte[0]);
            w.closeStdin();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!workers.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                workers.forEach(w -> w.kill(WorkerProcess.KillReason.TERMINATE));
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            }
            changed.awaitNanos(Math.max(1, left));
        }
    }

    /**
     * Lets each worker finish its current task and start no other; queued tasks stay queued.
     *
     * @param timeout how long to wait for the workers to stop
     * @return whether all stopped in time (call again to keep waiting)
     * @throws InterruptedException if interrupted
     */
    public boolean join(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            accepting = false;
            for (WorkerProcess w : workers) {
                if (!w.stopRequested) {
                    w.stopRequested = true;
                    w.send(FrameType.STOP, new byte[0]);
                }
            }
            return awaitNoWorkers(timeout);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kills the workers; their current tasks are counted as done but nothing is cached for
     * them; queued tasks stay queued.
     *
     * @param timeout how long to wait for the processes to end
     * @return whether all ended in time
     * @throws InterruptedException if interrupted
     */
    public boolean terminate(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            accepting = false;
            workers.forEach(w -> w.kill(WorkerProcess.KillReason.TERMINATE));
            return awaitNoWorkers(timeout);
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitNoWorkers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!workers.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changed.awaitNanos(left);
        }
        return true;
    }

    /**
     * Returns the counters now.
     *
     * @return the counters now
     */
    public Status status() {
        lock.lock();
        try {
            return statusLocked();
        } finally {
            lock.unlock();
        }
    }

    private Status statusLocked() {
        int running = 0;
        int waiting = queue.size();
        for (WorkerProcess w : workers) {
            waiting += w.outstanding.size();
            if (w.running != null) {
                running++;
                waiting--;
            }
        }
        Duration average = timedTasks == 0 ? null : Duration.ofNanos(timedNanos / timedTasks);
        int alive = workers.size();
        Duration eta = average == null || alive == 0 ? null
                : Duration.ofNanos(average.toNanos() * (waiting + running) / alive);
        return new Status(waiting, running, done, failed, issued, average, eta, alive);
    }

    /** Kills the workers (as {@link #terminate(Duration)}) and stops the monitor. */
    @Override
    public void close() {
        try {
            terminate(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread m = monitor;
        if (m != null) {
            m.interrupt();
        }
        lock.lock();
        try {
            if (shareMarker != null) {
                Files.deleteIfExists(shareMarker);
                shareMarker = null;
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", shareMarker, e.toString());
        } finally {
            lock.unlock();
        }
    }

    /** Kills workers whose task ran too long, that never said READY, or that went silent. */
    private void monitor() {
        long heartbeatLimit = TimeUnit.MILLISECONDS.toNanos(Math.max(30_000L, 20L * spec.hello().heartbeatMillis()));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(MONITOR_PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            lock.lock();
            try {
                long now = System.nanoTime();
                for (WorkerProcess w : workers) {
                    if (w.killReason() != null) {
                        continue;
                    }
                    if (spec.taskTimeout() != null && w.running != null
                            && now - w.runningSince > spec.taskTimeout().toNanos()) {
                        w.kill(WorkerProcess.KillReason.TASK_TIMEOUT);
                    } else if (!w.ready && spec.startTimeout() != null && now - w.startedAt > spec.startTimeout().toNanos()) {
                        w.kill(WorkerProcess.KillReason.START_TIMEOUT);
                    } else if (w.ready && w.nanosSinceHeartbeat() > heartbeatLimit) {
                        w.kill(WorkerProcess.KillReason.NO_HEARTBEAT);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** The workers' reports, each applied under the lock. */
    private final class WorkerEvents implements WorkerProcess.Listener {

        /** Applies a report under the lock, then sends what can be sent and wakes the waiters. */
        private void locked(Runnable report) {
            lock.lock();
            try {
                report.run();
                dispatch();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void ready(WorkerProcess worker, Messages.Ready ready) {
            locked(() -> {
                worker.ready = true;
                worker.pid = ready.pid();
                startFailures = 0;
            });
        }

        @Override
        public void started(WorkerProcess worker, Messages.Started message) {
            locked(() -> {
                for (Task task : worker.outstanding) {
                    if (task.id == message.id()) {
                        worker.running = task;
                        worker.runningSince = System.nanoTime();
                    }
                }
            });
        }

        @Override
        public void done(WorkerProcess worker, Messages.Done message) {
            locked(() -> {
                Task task = take(worker, message.id());
                if (task == null) {
                    return;
                }
                done++;
                timedTasks++;
                timedNanos += message.computeNanos();
                pending.remove(task.key);
                task.complete(null);
            });
        }

        @Override
        public void failed(WorkerProcess worker, Messages.Failed message) {
            locked(() -> {
                Task task = take(worker, message.id());
                if (task != null) {
                    fail(task, new TaskFailure(message.exceptionClass(), message.message(), message.stackTrace()));
                }
            });
        }

        @Override
        public void fatal(WorkerProcess worker, Messages.Fatal message) {
            locked(() -> {
                if (broken != null) { // every worker says the same; once is enough
                    LOG.debug("worker {} cannot run {} either: {}", worker.index, spec.functionName(), message.message());
                    return;
                }
                breakDown("worker " + worker.index + " cannot run " + spec.functionName() + ": " + message.message());
                LOG.error(broken);
                LOG.debug("worker {}'s stack trace:\n{}", worker.index, message.stackTrace());
            });
        }

        @Override
        public void exited(WorkerProcess worker, WorkerProcess.Exit exit) {
            boolean clean = exit.clean();
            String how = exit.how();
            locked(() -> {
                workers.remove(worker);
                if (clean) {
                    worker.sharing.publish();
                } else {
                    worker.sharing.discard();
                }
                archiving &= worker.sharing.pending() == null;
                settle(worker, clean, how);
                boolean replace = accepting && broken == null && !worker.stopRequested;
                if (replace && !worker.ready && !exit.placementRefused() && ++startFailures >= MAX_START_FAILURES) {
                    breakDown(MAX_START_FAILURES + " workers in a row died before they were ready; the last: " + how);
                    replace = false;
                }
                if (replace) {
                    LOG.warn("{}; starting a replacement", how);
                    try {
                        spawn(worker.index);
                    } catch (IllegalStateException e) {
                        LOG.error("cannot replace worker {}: {}", worker.index, e.getMessage());
                    }
                }
            });
        }

        /** Decides the fate of the tasks a worker held when it exited. Lock held. */
        private void settle(WorkerProcess worker, boolean clean, String how) {
            if (!clean) { // killed mid-write, it may have left temp files: never an entry, but litter
                List<CacheKey> held = worker.outstanding.stream().map(task -> task.key).toList();
                int removed = DiskCache.removeTemps(cacheDirectory, worker.tempTag(), held);
                if (removed > 0) {
                    LOG.debug("removed {} temp files that worker {} left", removed, worker.index);
                }
            }
            Task running = worker.running;
            worker.running = null;
            List<Task> notStarted = new ArrayList<>(worker.outstanding);
            notStarted.remove(running);
            worker.outstanding.clear();
            for (int i = notStarted.size() - 1; i >= 0; i--) {
                queue.addFirst(notStarted.get(i));
            }
            if (running == null) {
                failQueueIfBroken();
                return;
            }
            WorkerProcess.KillReason reason = worker.killReason();
            if (reason == WorkerProcess.KillReason.TERMINATE) {
                done++; // the original counts terminated tasks as done; nothing is cached for them
                pending.remove(running.key);
                running.complete(new TaskFailure("terminated", "the task was terminated before it finished", ""));
            } else if (reason == WorkerProcess.KillReason.TASK_TIMEOUT) {
                fail(running, new TaskFailure("timeout", "the task ran longer than the task timeout of "
                        + spec.taskTimeout() + " and its worker was killed", ""));
            } else if (++running.attempts > spec.maxRetries()) {
                fail(running, new TaskFailure("worker died", how + " while computing " + running.description
                        + (spec.maxRetries() > 0 ? " (tried " + running.attempts + " times)" : ""),
                        String.join("\n", worker.lastStderrLines())));
            } else {
                LOG.warn("{} while computing {}; trying it again", how, running.description);
                queue.addFirst(running);
            }
            failQueueIfBroken();
        }

        private Task take(WorkerProcess worker, long id) {
            for (Iterator<Task> it = worker.outstanding.iterator(); it.hasNext(); ) {
                Task task = it.next();
                if (task.id == id) {
                    it.remove();
                    if (worker.running == task) {
                        worker.running = null;
                    }
                    return task;
                }
            }
            LOG.warn("worker {} reported task {}, which it does not hold", worker.index, id);
            return null;
        }
    }

    /**
     * The workers cannot run this function at all: say so to everyone waiting, rather than let
     * their futures wait for workers that will never come. Lock held.
     */
    private void breakDown(String reason) {
        broken = reason;
        failQueueIfBroken();
    }

    private void failQueueIfBroken() {
        if (broken == null) {
            return;
        }
        TaskFailure failure = new TaskFailure(TaskFailure.WORKERS_UNAVAILABLE, broken, "");
        while (!queue.isEmpty()) {
            fail(queue.pollFirst(), failure);
        }
    }

    private void fail(Task task, TaskFailure failure) {
        failed++;
        pending.remove(task.key);
        failures.put(task.key, failure);
        task.complete(failure);
    }
}
