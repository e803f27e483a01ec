package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The coordinator's view of one worker; touched by the coordinator's thread only. */
final class WorkerRecord {

    /** As many results as the worker's reporter holds before its computing thread waits. */
    private static final int MAX_STORING = 8;

    final int index;
    final WorkerProcess process;
    final ClassDataPlan sharing;
    /** What the worker's temp file names start with. */
    final String tempTag;
    final long launchedAt = System.nanoTime();
    /** Jobs sent and not yet done or failed, in the order sent (the worker runs them in that order). */
    final ArrayDeque<Task> outstanding = new ArrayDeque<>();
    /** Those of them computed, whose results the worker is storing. */
    private final Set<Task> storing = new HashSet<>();
    boolean ready;
    long pid = -1;
    /** Where it runs, as it said when ready. */
    String host = "";
    boolean stopRequested;
    boolean stdinClosed;
    KillReason killed;
    /** The task running now, or null: only a STARTED frame makes a job running. */
    Task running;
    /** The running task is computing (not yet storing its result): the task timeout applies. */
    boolean computing;
    long runningSince;
    long heartbeatSentAt = System.nanoTime();

    WorkerRecord(int index, WorkerProcess process, ClassDataPlan sharing, String tempTag) {
        this.index = index;
        this.tempTag = tempTag;
        this.process = process;
        this.sharing = sharing;
    }

    /** Kills the process once; the first reason is the one that counts. */
    void kill(KillReason reason) {
        if (killed == null) {
            killed = reason;
        }
        process.kill();
    }

    boolean takesJobs() {
        return ready && !stopRequested && killed == null;
    }

    /** The held task of this id, now running and computing; null if it holds none. */
    Task started(long id) {
        Task task = held(id);
        if (task != null) {
            running = task;
            computing = true;
            runningSince = System.nanoTime();
            task.host = host;
            task.startedAt = runningSince;
        }
        return task;
    }

    /** Whether it holds the task of this id, which now stores its result: past the task timeout's reach. */
    boolean computed(long id) {
        Task task = held(id);
        if (task != null) {
            storing.add(task);
        }
        if (task != null && running == task) {
            computing = false; // still the task's if the worker dies storing it
        }
        return task != null;
    }

    /** The held task of this id (and key, if given), no longer held; null if it holds none. */
    Task release(long id, CacheKey key) {
        Task task = held(id);
        if (task == null || key != null && !task.key.equals(key)) {
            return null;
        }
        outstanding.remove(task);
        storing.remove(task);
        if (running == task) {
            running = null;
            computing = false;
        }
        return task;
    }

    /**
     * Whether it may be sent another job. A job window counts the jobs not yet computed: the
     * next job goes out when one is computed, not a file write later when it is done (with a
     * window of one, a worker would idle for every store). Results being stored count, up to a
     * bound, so that a slow disk does not let jobs pile up.
     */
    boolean hasRoom(int window) {
        return takesJobs() && outstanding.size() - storing.size() < window
                && outstanding.size() < window + MAX_STORING;
    }

    /** The tasks it held and had not started, in the order sent; it holds none after. */
    List<Task> takeBackNotStarted() {
        List<Task> notStarted = new ArrayList<>(outstanding);
        notStarted.remove(running);
        outstanding.clear();
        storing.clear();
        return notStarted;
    }

    private Task held(long id) {
        for (Task task : outstanding) {
            if (task.id == id) {
                return task;
            }
        }
        return null;
    }
}
