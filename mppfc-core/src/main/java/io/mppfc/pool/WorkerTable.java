package io.mppfc.pool;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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

    void killAll(KillReason reason) {
        byProcess.values().forEach(worker -> worker.kill(reason));
    }
}
