package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.IncomingEntry;
import io.mppfc.protocol.ResultMessages;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries one worker sends over its pipe, received on a thread of that worker's own ({@link
 * OrderedFrames}, so a large one delays no other worker's frames, nor the coordinator's thread,
 * nor this worker's COMPUTED frames): RESULT opens a temp file in
 * the cache, each RESULT_CHUNK is written into it, and the task's DONE checks it and renames it
 * into place before the DONE is believed. A result for a task the worker was not given, chunks
 * out of order, too many or too few bytes, or an entry that fails the checks of any entry read
 * from disk are protocol errors (the worker is killed, its tasks run again) and leave nothing in
 * place. An entry that cannot be written (this machine's disk is full) fails its task as an
 * entry a worker cannot write does.
 */
final class ResultIntake {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerProcess worker;
    private final ResultReceiver receiver;
    private final String tempTag;
    /** The jobs sent to the worker and not yet settled, by id; written by the coordinator's thread, read by the receiving one. */
    private final Map<Long, Task> given = new ConcurrentHashMap<>();
    /** Tasks whose entry could not be stored here: the rest of their transfer and their DONE are dropped. */
    private final Set<Long> dropped = new HashSet<>();
    private Task receiving;
    private IncomingEntry entry;

    ResultIntake(WorkerProcess worker, ResultReceiver receiver, String tempTag) {
        this.worker = worker;
        this.receiver = receiver;
        this.tempTag = tempTag;
    }

    void given(Task task) {
        given.put(task.id, task);
    }

    /** The worker settled the task (FAILED, given back): no entry may come for it any more. */
    void settled(long id) {
        given.remove(id);
        if (receiving != null && receiving.id == id) {
            abort();
        }
    }

    /** A RESULT frame: null if accepted, else the event to post. */
    PoolEvent start(ResultMessages.Result result) {
        Task task = given.get(result.id());
        if (task == null || !task.key.equals(CacheKey.of(result.key()))) {
            return error("it sent a result for task " + result.id() + ", which it was not given");
        }
        if (receiving != null) {
            return error("it began the result of task " + result.id() + " before it ended that of task "
                    + receiving.id);
        }
        if (receiver == null) {
            return error("it sent a result, which this pool does not receive");
        }
        if (result.length() > EntryBytes.MAX_LENGTH) {
            return error("it announced a result of " + result.length() + " bytes, more than an entry can hold");
        }
        try {
            entry = receiver.open(task.key, result.length(), tempTag);
            receiving = task;
            return null;
        } catch (IOException | RuntimeException e) {
            return notStored(task, e);
        }
    }

    /** A RESULT_CHUNK frame: null if written, else the event to post. */
    PoolEvent chunk(ResultMessages.Chunk chunk) {
        if (dropped.contains(chunk.id())) {
            return null;
        }
        if (receiving == null || receiving.id != chunk.id()) {
            return error("it sent part of the result of task " + chunk.id() + ", which it had not begun");
        }
        try {
            entry.append(chunk.bytes());
            return null;
        } catch (IncomingEntry.Refused e) {
            abort();
            return error("its result for task " + chunk.id() + " was refused: " + e.getMessage());
        } catch (IOException e) {
            Task task = receiving;
            abort();
            return notStored(task, e);
        }
    }

    /** Whether the DONE of this task is to be ignored: its task already failed here (the entry could not be stored). */
    boolean dropsDone(long id) {
        if (dropped.remove(id)) {
            given.remove(id);
            return true;
        }
        return false;
    }

    /**
     * Before a DONE is believed: the entry it ends, if any, is checked and put in place.
     *
     * @return null to go on with the DONE, or the event to post instead
     */
    PoolEvent done(long id) {
        given.remove(id);
        if (receiving == null || receiving.id != id) {
            return null; // written into the cache by the worker itself
        }
        Task task = receiving;
        IncomingEntry received = entry;
        receiving = null;
        entry = null;
        try {
            received.commit(task.arguments);
            return null;
        } catch (IncomingEntry.Refused e) {
            return error("its result for task " + id + " was refused: " + e.getMessage());
        } catch (IOException e) {
            PoolEvent failed = notStored(task, e);
            dropped.remove(id); // its DONE is this one
            return failed;
        }
    }

    /** Removes what an unfinished transfer wrote (the worker ended, or gave up the task). */
    void abort() {
        IncomingEntry open = entry;
        receiving = null;
        entry = null;
        if (open != null) {
            try {
                open.abort();
            } catch (IOException e) {
                LOG.debug("removing a partly received entry: {}", e.toString());
            }
        }
    }

    private PoolEvent error(String what) {
        return new PoolEvent.ProtocolError(worker, what);
    }

    private PoolEvent notStored(Task task, Exception e) {
        dropped.add(task.id);
        return new PoolEvent.Failed(worker, task.id, TaskFailure.of(FailureKind.NOT_STORED,
                "the result was computed and sent over the pipe, but cannot be stored: " + e.getMessage(), ""));
    }
}
