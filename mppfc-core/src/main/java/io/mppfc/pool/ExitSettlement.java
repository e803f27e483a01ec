package io.mppfc.pool;

import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the tasks a worker held when it exited, as {@link ExitPolicy} decides: each is done
 * (its entry is in the cache), failed, or queued again first. The coordinator's thread only.
 */
final class ExitSettlement {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final TaskTally tally;
    private final EntryPresence entryPresent;
    /** The coordinator's queue. */
    private final ArrayDeque<Task> queue;

    ExitSettlement(TaskTally tally, EntryPresence entryPresent, ArrayDeque<Task> queue) {
        this.tally = tally;
        this.entryPresent = entryPresent;
        this.queue = queue;
    }

    /**
     * Settles what {@code worker} held: the jobs it had not started, the one it ran, and those
     * whose report never came.
     *
     * @return the policy's decision about the worker (replace it, give up)
     */
    ExitPolicy.Decision settle(WorkerRecord worker, WorkerExit.Description how, List<String> lastStderr,
            ExitPolicy.PoolFacts pool) {
        Task running = worker.running;
        List<Task> notStarted = worker.takeBackNotStarted();
        for (int i = notStarted.size() - 1; i >= 0; i--) {
            Task task = notStarted.get(i);
            if (entryPresent.presentNow(task.key)) {
                tally.succeeded(task); // stored before the worker could say so
            } else {
                queue.addFirst(task);
            }
        }
        ExitPolicy.WorkerFacts facts = new ExitPolicy.WorkerFacts(worker.ready, worker.stopRequested, worker.killed, how);
        ExitPolicy.Decision decision = ExitPolicy.decide(facts, pool,
                running == null ? null : new ExitPolicy.RunningTask(running.attempts, entryPresent.presentNow(running.key)));
        if (decision.running() != null && tally.settle(running, decision.running(), worker.ended(how), lastStderr)) {
            LOG.warn("{} while computing {}; trying it again", how.how(), running.description);
            queue.addFirst(running);
        }
        for (Task lost : worker.takeRanUnreported()) { // ran, and the report of how never came
            if (tally.settle(lost, ExitPolicy.lost(facts, pool, new ExitPolicy.RunningTask(lost.attempts,
                    entryPresent.presentNow(lost.key))), worker.ended(how) + "; the report of " + lost.description
                    + " was lost", lastStderr)) {
                queue.addFirst(lost);
            }
        }
        return decision;
    }
}
