package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.StartedSlot;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The coordinator's view of one worker; touched by the coordinator's thread only. */
final class WorkerRecord {

    /**
     * As many results as a worker's reporter may hold unreported: 8 handed over and not yet
     * taken (then its computing thread waits) and 64 of short tasks waiting to be published
     * together (mppfc-worker's {@code Reporter.MAX_HELD} and {@code MOST_PENDING}). Fewer, and
     * a worker holding a batch would be sent no job until it published: it would run dry.
     */
    static final int MAX_STORING = 8 + 64;

    final int index;
    final WorkerProcess process;
    final ClassDataPlan sharing;
    /** What the worker's temp file names start with. */
    final String tempTag;
    /** Where the worker keeps the id of the job it started last ({@link StartedSlot}), or null. */
    private final StartedSlot.Made startedSlot;
    final long launchedAt = System.nanoTime();
    /**
     * Jobs sent and not yet done or failed, in the order sent (the worker runs them in that
     * order); added to by {@link #sent} only.
     */
    final ArrayDeque<Task> outstanding = new ArrayDeque<>();
    /**
     * The same jobs by id: STARTED, COMPUTED and DONE each name a job by its id, and a scan of
     * the jobs held (up to {@link #MAX_STORING} and a window) for each was a tenth of the
     * coordinator's own thread on trivial tasks.
     */
    private final Map<Long, Task> heldById = new HashMap<>();
    /** Those of them computed, whose results the worker is storing. */
    private final Set<Task> storing = new HashSet<>();
    /**
     * Those of them that ran and were followed by another's start without being computed: they
     * threw, and their FAILED frame is on its way. One that never comes (a frame the coordinator
     * could not read) must not pass for a job not started when the worker exits.
     */
    private final Set<Task> ranUnreported = new HashSet<>();
    boolean ready;
    long pid = -1;
    /** Where it runs, as it said when ready. */
    String host = "";
    boolean stopRequested;
    boolean stdinClosed;
    KillReason killed;
    /** What it did against the protocol, when that is why it was killed. */
    String brokeProtocol;
    /** The task running now, or null: only a STARTED frame makes a job running. */
    Task running;
    /** The running task is computing (not yet storing its result): the task timeout applies. */
    boolean computing;
    long runningSince;
    long heartbeatSentAt = System.nanoTime();
    /** A RECALL sent and not yet answered: one at a time. */
    boolean recalling;

    WorkerRecord(int index, WorkerProcess process, ClassDataPlan sharing, String tempTag) {
        this(index, process, sharing, tempTag, null);
    }

    WorkerRecord(int index, WorkerProcess process, ClassDataPlan sharing, String tempTag, StartedSlot.Made startedSlot) {
        this.index = index;
        this.tempTag = tempTag;
        this.process = process;
        this.sharing = sharing;
        this.startedSlot = startedSlot;
    }

    /**
     * Once the worker has exited and its last frames are read: takes in the job its started slot
     * names, if no STARTED frame named it (the frame was in the worker's buffer when the process
     * ended), and removes the slot. That job is the one running: its function ended the process,
     * or was running when it ended. Each job sent before it ran too, and whatever was said of them
     * after the last frame read was lost: they count as computed and not yet stored (queued again
     * unless their entry is in the cache, with no attempt counted), since the slot's job is the
     * one the death is charged to.
     */
    void takeStartedSlot() {
        if (startedSlot == null) {
            return;
        }
        long id = startedSlot.lastStarted();
        startedSlot.remove();
        Task last = id == 0 ? null : held(id);
        if (last == null || last == running || running != null && sentBefore(last, running)) {
            return; // done, or said by its STARTED frame (or by a later one: a slot is kept only for frames held back)
        }
        for (Task task : outstanding) {
            if (task == last) {
                break;
            }
            if (!ranUnreported.contains(task)) {
                storing.add(task);
            }
        }
        markRunning(last);
    }

    private void markRunning(Task task) {
        running = task;
        computing = true;
        runningSince = System.nanoTime();
        task.host = host;
        task.startedAt = runningSince;
    }

    private boolean sentBefore(Task first, Task second) {
        for (Task task : outstanding) {
            if (task == first || task == second) {
                return task == first;
            }
        }
        return false;
    }

    /** How it ended, with the protocol error it was killed for: a failure says what was wrong. */
    String ended(WorkerExit.Description how) {
        return brokeProtocol == null ? how.how() : how.how() + " (" + brokeProtocol + ")";
    }

    /** Kills the process once; the first reason is the one that counts. */
    void kill(KillReason reason) {
        if (killed == null) {
            killed = reason;
        }
        process.kill();
    }

    /** Stops it as the mode says; true if its stdin was closed now (it exits once idle). */
    boolean stop(PoolEvent.StopMode mode) {
        if (mode == PoolEvent.StopMode.TERMINATE || mode == PoolEvent.StopMode.CLOSE) {
            kill(KillReason.TERMINATE);
            return false;
        }
        if (!stopRequested) {
            stopRequested = true;
            process.send(FrameType.STOP, new byte[0]);
        }
        if (mode == PoolEvent.StopMode.IDLE && !stdinClosed) {
            stdinClosed = true;
            process.closeStdin();
            return true;
        }
        return false;
    }

    /** The job has been sent to it: it holds the task now. */
    void sent(Task task) {
        outstanding.addLast(task);
        heldById.put(task.id, task);
    }

    boolean takesJobs() {
        return ready && !stopRequested && killed == null;
    }

    /** The held task of this id, now running and computing; null if it holds none. */
    Task started(long id) {
        Task task = held(id);
        if (task != null) {
            if (running != null && running != task && !storing.contains(running)) {
                ranUnreported.add(running);
            }
            markRunning(task);
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
        heldById.remove(id);
        storing.remove(task);
        ranUnreported.remove(task);
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

    /** Jobs held and not started (as far as the coordinator has heard): those a RECALL may bring back. */
    int notStarted() {
        return outstanding.size() - storing.size() - ranUnreported.size() - (computing ? 1 : 0);
    }

    /** Takes jobs and has nothing to compute: another worker's jobs would run sooner here. */
    boolean idle() {
        return takesJobs() && !computing && notStarted() == 0;
    }

    /**
     * The held tasks of these ids, given back for a RECALL and no longer held; null if one is not
     * held or was started (the worker broke the protocol).
     */
    List<Task> givenBack(long[] ids) {
        recalling = false;
        List<Task> tasks = new ArrayList<>(ids.length);
        for (long id : ids) {
            Task task = held(id);
            if (task == null || task == running || storing.contains(task) || ranUnreported.contains(task)
                    || tasks.contains(task)) {
                return null;
            }
            tasks.add(task);
        }
        outstanding.removeAll(tasks);
        for (Task task : tasks) {
            heldById.remove(task.id);
        }
        return tasks;
    }

    /** The tasks it held and had not started, in the order sent; it holds none after. */
    List<Task> takeBackNotStarted() {
        List<Task> notStarted = new ArrayList<>(outstanding);
        notStarted.remove(running);
        notStarted.removeAll(ranUnreported);
        outstanding.clear();
        heldById.clear();
        storing.clear();
        return notStarted;
    }

    /** The tasks that ran and whose outcome never came (see {@link #ranUnreported}); none after. */
    List<Task> takeRanUnreported() {
        List<Task> lost = new ArrayList<>(ranUnreported);
        ranUnreported.clear();
        return lost;
    }

    private Task held(long id) {
        return heldById.get(id);
    }
}
