package io.mppfc.pool;

import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.Messages;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** The coordinator's records of its workers, by process, in launch order; its thread's only. */
final class WorkerTable implements Iterable<WorkerRecord> {

    private final Map<WorkerProcess, WorkerRecord> byProcess = new LinkedHashMap<>();

    void add(WorkerRecord worker) {
        byProcess.put(worker.process, worker);
    }

    /** The record of this process, or null once it has exited. */
    WorkerRecord get(WorkerProcess process) {
        return byProcess.get(process);
    }

    void remove(WorkerRecord worker) {
        byProcess.remove(worker.process);
    }

    boolean isEmpty() {
        return byProcess.isEmpty();
    }

    int size() {
        return byProcess.size();
    }

    @Override
    public Iterator<WorkerRecord> iterator() {
        return byProcess.values().iterator();
    }

    /** The workers, those holding fewest jobs first. */
    List<WorkerRecord> leastLoadedFirst() {
        List<WorkerRecord> workers = new ArrayList<>(byProcess.values());
        workers.sort(Comparator.comparingInt(worker -> worker.outstanding.size()));
        return workers;
    }

    /** Launched, not ready yet and not killed. */
    int starting() {
        int n = 0;
        for (WorkerRecord worker : this) {
            if (!worker.ready && worker.killed == null) {
                n++;
            }
        }
        return n;
    }

    /** Jobs sent and not yet done or failed. */
    int outstanding() {
        int n = 0;
        for (WorkerRecord worker : this) {
            n += worker.outstanding.size();
        }
        return n;
    }

    /** Workers running a task now. */
    int running() {
        int n = 0;
        for (WorkerRecord worker : this) {
            if (worker.running != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Nothing is queued and a worker idles: each other worker is asked for half the jobs it holds
     * and has not started. A window sized by the tasks before, or a slower machine, can leave one
     * worker with a row of jobs while another has none; given back, they are queued again and go
     * to whoever has room. A worker may have started them meanwhile: it gives back only those it
     * has not.
     *
     * @param worthRecalling whether so many jobs held would keep a worker busy long enough
     */
    void recallForIdle(IntPredicate worthRecalling) {
        if (byProcess.values().stream().noneMatch(WorkerRecord::idle)) {
            return;
        }
        for (WorkerRecord worker : this) {
            int spare = worker.notStarted();
            if (spare > 0 && !worker.recalling && worker.killed == null && worthRecalling.test(spare)) {
                worker.recalling = true;
                worker.process.send(FrameType.RECALL, new Messages.Recall((spare + 1) / 2).encode());
            }
        }
    }

    void killAll(KillReason reason) {
        byProcess.values().forEach(worker -> worker.kill(reason));
    }
}
