package io.mppfc.pool;

/** Why the coordinator killed a worker; it decides what happens to the task the worker ran. */
enum KillReason {
    /** {@code terminate} or {@code close}: the task ends as terminated */
    TERMINATE("terminated"),
    /** the task ran past {@code taskTimeout}: it fails as timed out */
    TASK_TIMEOUT("task timeout"),
    /** the worker never said READY within {@code workerStartTimeout} */
    START_TIMEOUT("start timeout"),
    /** nothing heard from the worker for the heartbeat limit (frozen, or its pipe is stuck) */
    NO_HEARTBEAT("no heartbeat"),
    /** it said what no correct worker says; the task is tried again like after a crash */
    PROTOCOL_ERROR("protocol error"),
    /** asked to stop while idle, it did not exit within 30 s */
    STOP_TIMEOUT("did not stop");

    final String words;

    KillReason(String words) {
        this.words = words;
    }
}
