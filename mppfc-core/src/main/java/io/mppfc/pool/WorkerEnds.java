package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.launch.Launcher;
import io.mppfc.text.ShownText;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator makes of a worker's end: the tasks it held settled, a replacement started,
 * or the pool given up, when workers in a row die before they are ready or one says it cannot run
 * the function at all. A pool given up fails every task queued and every task that comes, until
 * the next start. The coordinator's thread only; {@link #broken()} is read by callers too.
 */
final class WorkerEnds {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerSpec spec;
    private final Launcher launcher;
    private final WorkerSpawner spawner;
    private final TaskTally tally;
    private final ExitSettlement settlement;
    /** The coordinator's queue. */
    private final ArrayDeque<Task> queue;
    /** Why the workers cannot run the function, or null; written by the coordinator's thread only, read by callers too. */
    private volatile String broken;
    /** What the workers' JVM said when it refused to start, if that is why the pool was given up; else null. */
    private volatile String jvmRefusal;
    private int startFailures;

    WorkerEnds(WorkerSpec spec, Launcher launcher, WorkerSpawner spawner, TaskTally tally,
            EntryPresence entryPresent, ArrayDeque<Task> queue) {
        this.spec = spec;
        this.launcher = launcher;
        this.spawner = spawner;
        this.tally = tally;
        this.settlement = new ExitSettlement(tally, entryPresent, queue);
        this.queue = queue;
    }

    /** Why the workers cannot run the function, or null if they may. */
    String broken() {
        return broken;
    }

    /** What the workers' JVM said when it refused to start, if that is why none can run; else null. */
    String jvmRefusal() {
        return jvmRefusal;
    }

    /** A new start: what ended the last one's workers is forgotten. */
    void started() {
        broken = null;
        jvmRefusal = null;
        startFailures = 0;
    }

    /** A worker said READY: the deaths before it were not the start's. */
    void ready() {
        startFailures = 0;
    }

    /** A worker says it cannot run the function at all (its class cannot be loaded, say): none can. */
    void fatal(WorkerRecord worker, PoolEvent.Fatal fatal) {
        if (broken != null) { // every worker says the same; once is enough
            LOG.debug("worker {} cannot run {} either: {}", worker.index, spec.functionName(), fatal.message());
            return;
        }
        // the worker's words may quote user code (an initializer's message): one line, escaped
        breakDown("worker " + worker.index + " cannot run " + spec.functionName() + ": "
                + ShownText.line(fatal.message(), Integer.MAX_VALUE));
        LOG.error(broken);
        LOG.debug("worker {}'s stack trace:\n{}", worker.index, fatal.stackTrace());
    }

    /**
     * Decides the fate of the tasks a worker held when it exited, and whether it is replaced.
     *
     * @param accepting whether workers take tasks
     * @param replace starts a worker in its place, by its index; throws {@link IllegalStateException}
     *     if it cannot
     */
    void exited(WorkerRecord worker, WorkerExit exit, boolean accepting, IntConsumer replace) {
        worker.takeStartedSlot(); // the frames it had not flushed when it ended
        WorkerExit.Description how = exit.describe(worker.index, worker.pid, worker.killed, worker.ready, launcher);
        boolean classData = worker.sharing.maps() || worker.sharing.pending() != null;
        boolean recordingRefused = spawner.ended(worker, how.clean(), exit.command());
        // a JVM that refuses its options refuses them at every start: said once, and not started again;
        // one with class data is started again without it first (the class data may be what it refused)
        boolean jvmRefused = accepting && broken == null && !classData
                && exit.jvmRefused(worker.killed, worker.ready, worker.stopRequested, launcher);
        if (!worker.ready && worker.process != null) { // a record without a process is a test's
            worker.process.endedBeforeReady(jvmRefused || how.quotesStderr());
        }
        if (jvmRefused) {
            jvmRefusal = exit.jvmSaid();
            breakDown("worker " + worker.index + "'s JVM did not start (exit code " + exit.exitValue() + "), and none "
                    + "would with the same options and class path: " + ShownText.line(jvmRefusal, Integer.MAX_VALUE)
                    + "; check the workers' JVM options (workerJvmOptions) and class path");
        }
        ExitPolicy.Decision decision = settlement.settle(worker, how, exit.lastStderr(),
                new ExitPolicy.PoolFacts(accepting, broken != null, startFailures, spec.maxRetries()));
        startFailures = decision.startFailures();
        if (decision.breakDown()) {
            breakDown(ExitPolicy.MAX_START_FAILURES + " worker starts in a row ended before the worker was ready; the last: "
                    + how.how());
        }
        if (decision.replace()) {
            if (recordingRefused) {
                LOG.debug("{}; it was recording class data, which the workers' JVM options forbid: starting a "
                        + "replacement without it", how.how());
            } else if (how.expectedRestart() || worker.killed == KillReason.TASK_TIMEOUT
                    || classData && !worker.ready && worker.killed == null) {
                // a timeout's kill is the task's failure (TIMED_OUT), said where failures are: a warning per kill buries
                // a log; a worker with class data that did not start is replaced by one without, which says what follows
                LOG.debug("{}; starting a replacement", how.how());
            } else {
                LOG.warn("{}; starting a replacement", how.how());
            }
            try {
                replace.accept(worker.index);
            } catch (IllegalStateException e) {
                LOG.error("cannot replace worker {}: {}", worker.index, e.getMessage());
            }
        }
        failQueueIfBroken();
    }

    /**
     * The workers cannot run this function at all: say so to everyone waiting, rather than let
     * their futures wait for workers that will never come.
     */
    void breakDown(String reason) {
        broken = reason;
        failQueueIfBroken();
    }

    private void failQueueIfBroken() {
        if (broken == null) {
            return;
        }
        TaskFailure failure = TaskFailure.of(FailureKind.WORKERS_UNAVAILABLE, broken, "");
        while (!queue.isEmpty()) {
            tally.failed(queue.pollFirst(), failure);
        }
    }
}
