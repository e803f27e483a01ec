package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.Status;
import io.mppfc.launch.Launcher;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of one cached function's workers: one thread that owns the queue, the
 * workers' records and the counters, and changes them only in answer to a {@link PoolEvent}.
 * Worker I/O threads and API calls post events; nothing here blocks on a worker's pipe (frames
 * go to each worker's writer thread) and nothing here is locked.
 *
 * <p>One turn of the loop: take the events that arrived, apply each, check the clocks (task
 * timeouts, heartbeats), send queued tasks to workers with room, answer whoever waits.
 */
final class Coordinator implements Runnable {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long STOP_KILL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerSpec spec;
    private final Launcher launcher;
    private final TaskBoard board;
    private final EntryPresence entryPresent;
    private final WorkerSpawner spawner;
    private final WorkerClock clock;
    private final WorkerEnds ends;
    private final EventInbox inbox = new EventInbox();

    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final WorkerTable workers = new WorkerTable();
    private final Waiters waiters = new Waiters();
    /** Written by this thread only; volatile because {@code apply} reads it on every call. */
    private volatile boolean accepting;
    /** Tasks wait for workers that will ask for them: one posted meanwhile need not wake this thread. */
    private volatile boolean backlog;
    /** The workers asked for by the last start, launched from its first task on. */
    private final LaunchPace pace;
    private final TaskTally tally;
    /** When idle workers asked to stop are killed, or 0. */
    private long stopKillAt;
    private long lastTick = System.nanoTime();
    private boolean closed;
    /** Tasks failed before the last start: with fail-fast, only a failure after it stops the workers. */
    private long failedAtStart;

    Coordinator(WorkerSpec spec, Launcher launcher, TaskBoard board, EntryPresence entryPresent,
            ResultReceiver receiver) {
        this.spec = spec;
        this.launcher = launcher;
        this.board = board;
        this.tally = new TaskTally(board, spec.taskTimeout(), spec.maxRetries());
        this.entryPresent = entryPresent;
        this.spawner = new WorkerSpawner(spec, launcher, entryPresent, inbox, receiver);
        this.ends = new WorkerEnds(spec, launcher, spawner, tally, entryPresent, queue);
        this.clock = new WorkerClock(spec.taskTimeout(), spec.startTimeout(), spec.hello().heartbeatMillis());
        this.pace = new LaunchPace(launcher.runsOnThisMachine() ? LaunchPace.LOCAL_AT_ONCE : Integer.MAX_VALUE);
    }

    void post(PoolEvent event) {
        inbox.post(event);
    }

    /** Queues a task, waking this thread only when no other task is queued before it. */
    void submit(Task task) {
        inbox.postQuietly(new PoolEvent.Enqueue(task));
        if (!backlog) { // read after the post: see EventInbox.postQuietly
            inbox.wake();
        }
    }

    boolean accepting() {
        return accepting;
    }

    String broken() {
        return ends.broken();
    }

    /** What the workers' JVM said when it refused to start, if that is why none can run; else null. */
    String jvmRefusal() {
        return ends.jvmRefusal();
    }

    @Override
    public void run() {
        List<PoolEvent> batch = new ArrayList<>();
        while (!closed) {
            try {
                inbox.takeInto(batch, workers.isEmpty() && stopKillAt == 0 ? -1 : TICK_NANOS);
            } catch (InterruptedException e) {
                return;
            }
            for (PoolEvent event : batch) {
                apply(event);
            }
            batch.clear();
            turn();
            // with no workers this thread sleeps without a bound: nothing may wait for its turn then
            backlog = accepting && ends.broken() == null && !queue.isEmpty() && !workers.isEmpty();
        }
    }

    /** A failure here must not end the loop: every caller would wait forever. */
    private void apply(PoolEvent event) {
        try {
            handle(event);
        } catch (RuntimeException e) {
            LOG.error("the coordinator of {} failed to handle {}", spec.functionName(), event, e);
            // whoever asked learns it, rather than wait for ever
            if (event instanceof PoolEvent.Enqueue enqueue) {
                board.failed(enqueue.task(), TaskFailure.of(FailureKind.WORKERS_UNAVAILABLE,
                        "the coordinator of " + spec.functionName() + " failed: " + e, ""));
            } else if (event instanceof PoolEvent.Command command) {
                command.reply().completeExceptionally(e);
            }
        }
    }

    private void turn() {
        try {
            if (spec.failFast() && accepting && tally.failedCount() > failedAtStart) {
                stop(PoolEvent.StopMode.TERMINATE); // before dispatch: nothing starts once a failure is known
            }
            long now = System.nanoTime();
            if (now - lastTick >= TICK_NANOS) {
                lastTick = now;
                checkClocks(now);
            }
            dispatch(); // first: a launch takes the thread for milliseconds, and a worker just ready waits
            if (accepting && queue.isEmpty()) {
                workers.recallForIdle(tally::worthRecalling);
            }
            if (accepting && pace.begun() && pace.pending()) {
                launchWanted(); // the next ones, as those before get ready
            }
            answerWaiters();
        } catch (RuntimeException e) {
            LOG.error("the coordinator of {} failed", spec.functionName(), e);
        }
    }

    private void handle(PoolEvent event) {
        if (event instanceof PoolEvent.FromWorker heard) {
            WorkerRecord worker = workers.get(heard.worker());
            if (worker != null) { // else: heard from a worker already gone, after its exit
                heard(worker, heard);
            }
            return;
        }
        if (event instanceof PoolEvent.Enqueue enqueue) {
            enqueue(enqueue.task());
        } else if (event instanceof PoolEvent.Start start) {
            boolean started = start(start.count());
            start.reply().complete(started);
            if (started && queue.isEmpty() && pace.pending()) {
                spawner.prepare(1); // after the reply: while the caller looks its first task up
            }
        } else if (event instanceof PoolEvent.Stop stop) {
            stop(stop.mode());
            stop.reply().complete(null);
        } else if (event instanceof PoolEvent.AwaitIdle wait) {
            waiters.awaitIdle(wait.reply());
        } else if (event instanceof PoolEvent.AwaitNoWorkers wait) {
            waiters.awaitNoWorkers(wait.reply());
        } else if (event instanceof PoolEvent.QueryStatus query) {
            query.reply().complete(status());
        }
    }

    private void heard(WorkerRecord worker, PoolEvent.FromWorker event) {
        if (event instanceof PoolEvent.Started started) {
            if (worker.started(started.id()) == null) {
                protocolError(worker, "it started task " + started.id() + ", which it was not given");
            }
        } else if (event instanceof PoolEvent.Computed computed) {
            if (!worker.computed(computed.id())) {
                protocolError(worker, "it computed task " + computed.id() + ", which it was not given");
            }
        } else if (event instanceof PoolEvent.Done finished) {
            Task task = worker.release(finished.id(), finished.key());
            if (task == null) {
                protocolError(worker, "it reported task " + finished.id() + " done, which it was not given");
            } else {
                tally.done(task, finished.computeNanos());
                pace.answered();
                spawner.resultArrived();
            }
        } else if (event instanceof PoolEvent.Returned returned) {
            List<Task> lastSentFirst = worker.givenBack(returned.ids());
            if (lastSentFirst == null) {
                protocolError(worker, "it gave back a task it did not hold unstarted");
            } else {
                lastSentFirst.forEach(queue::addFirst); // first in the queue, in the order they were sent
            }
        } else if (event instanceof PoolEvent.Failed failure) {
            Task task = worker.release(failure.id(), null);
            if (task == null) {
                protocolError(worker, "it reported task " + failure.id() + " failed, which it was not given");
            } else {
                tally.failed(task, failure.failure());
                pace.answered();
            }
        } else if (event instanceof PoolEvent.Ready ready) {
            worker.ready = true;
            worker.process.ready();
            worker.pid = ready.pid();
            worker.host = ready.host();
            ends.ready();
            spawner.ready(worker);
        } else if (event instanceof PoolEvent.Fatal fatal) {
            ends.fatal(worker, fatal);
        } else if (event instanceof PoolEvent.ProtocolError error) {
            protocolError(worker, error.what());
        } else if (event instanceof PoolEvent.Exited exited) {
            workers.remove(worker);
            ends.exited(worker, exited.exit(), accepting, this::spawn);
        }
    }

    private boolean start(int count) {
        if (accepting || !workers.isEmpty()) {
            LOG.warn("workers of {} are {}; not starting more", spec.functionName(),
                    accepting ? "running" : "still stopping (call join or terminate again)");
            return false;
        }
        ends.started();
        failedAtStart = tally.failedCount();
        accepting = true;
        pace.start(count);
        if (!queue.isEmpty()) {
            launchWanted();
        }
        return true;
    }

    private void enqueue(Task task) {
        tally.issued();
        String broken = ends.broken();
        if (broken != null) {
            tally.failed(task, TaskFailure.of(FailureKind.WORKERS_UNAVAILABLE, broken, ""));
            return;
        }
        if (task.arguments.length > Messages.maxToWorker() - JOB_OVERHEAD) {
            tally.failed(task, TaskFailure.tooLargeForAWorker(task.description, task.arguments.length));
            return; // a worker skips a frame over its limit unread: the task would wait for ever
        }
        queue.addLast(task);
        if (accepting && pace.pending()) {
            launchWanted();
        }
    }

    /** A JOB frame's bytes besides the arguments: id, key and lengths. */
    private static final int JOB_OVERHEAD = 64;

    private void stop(PoolEvent.StopMode mode) {
        accepting = false;
        spawner.discardPrepared();
        for (WorkerRecord worker : workers) {
            if (worker.stop(mode)) {
                stopKillAt = System.nanoTime() + STOP_KILL_NANOS;
            }
        }
        if (mode == PoolEvent.StopMode.CLOSE) {
            closed = true;
            spawner.deleteShareMarker();
            // nothing runs them after this: a future of one (submit, with fail-fast the tasks the
            // first failure left queued) that was left pending kept its waiter waiting for ever
            TaskFailure failure = closedBeforeRun();
            queue.forEach(task -> board.dropped(task, failure));
            queue.clear();
            for (WorkerRecord worker : workers) {
                worker.outstanding.forEach(task -> board.dropped(task, failure));
            }
        }
    }

    static TaskFailure closedBeforeRun() {
        return TaskFailure.of(FailureKind.WORKERS_UNAVAILABLE,
                "its workers were closed (close() was called) before one ran it", "");
    }

    private void launchWanted() {
        for (int index = pace.next(workers.starting(), waiting()); accepting && index > 0;
                index = pace.next(workers.starting(), waiting())) {
            spawn(index);
        }
    }

    /** Tasks no worker starts next: those queued, and those a worker holds behind its next or running job. */
    private int waiting() {
        int n = queue.size();
        for (WorkerRecord worker : workers) {
            int notStarted = worker.notStarted();
            n += worker.computing ? notStarted : Math.max(0, notStarted - 1);
        }
        return n;
    }

    private void spawn(int index) {
        try {
            spawner.spawn(index, workers::add);
        } catch (IOException | RuntimeException e) {
            accepting = false;
            ends.breakDown("cannot launch a worker process with " + launcher + ": " + e.getMessage());
            throw new IllegalStateException(ends.broken(), e);
        }
    }

    /**
     * Sends queued tasks to workers with room, those holding fewest first: jobs given back for an
     * idle worker go to it, not back to the worker that gave them.
     */
    private void dispatch() {
        if (!accepting || queue.isEmpty()) {
            return;
        }
        // fail-fast: a job held behind the running one would start before its worker's failure is heard of here
        int window = spec.failFast() ? 1 : tally.window(queue.size(), pace.sharing(workers.size()));
        for (WorkerRecord worker : workers.leastLoadedFirst()) {
            while (worker.hasRoom(window) && !queue.isEmpty()) {
                Task task = queue.pollFirst();
                worker.sent(task);
                worker.process.sendJob(task);
            }
        }
    }

    /** Kills workers whose task ran too long, that never said READY, or that went silent; greets the rest. */
    private void checkClocks(long now) {
        for (WorkerRecord worker : workers) {
            if (worker.killed != null) {
                continue;
            }
            KillReason overdue = clock.overdue(worker, now, worker.process.nanosSinceLastFrame());
            if (overdue != null) {
                worker.kill(overdue);
            } else if (clock.heartbeatDue(worker, now)) {
                worker.process.send(FrameType.HEARTBEAT, new byte[0]);
                worker.heartbeatSentAt = now;
            }
        }
        if (stopKillAt != 0 && now - stopKillAt > 0) {
            workers.killAll(KillReason.STOP_TIMEOUT);
            stopKillAt = workers.isEmpty() ? 0 : now + STOP_KILL_NANOS;
        }
    }

    private void answerWaiters() {
        boolean idle = queue.isEmpty() && workers.outstanding() == 0 || ends.broken() != null
                || !accepting && workers.isEmpty();
        if (workers.isEmpty()) {
            stopKillAt = 0;
        }
        waiters.answer(idle, workers.isEmpty());
    }

    private Status status() {
        int running = workers.running();
        return tally.status(queue.size() + workers.outstanding() - running, running, workers.size());
    }

    private void protocolError(WorkerRecord worker, String what) {
        if (worker.killed == null) {
            LOG.warn("worker {} broke the protocol: {}; killing it (a function writing to the real stdout?)",
                    worker.index, what);
            worker.brokeProtocol = what;
        }
        worker.kill(KillReason.PROTOCOL_ERROR);
    }
}
