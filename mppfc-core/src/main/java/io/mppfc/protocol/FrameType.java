package io.mppfc.protocol;

/** The frame types of the protocol; a number once given is never given to another type. */
public enum FrameType {
    /** Coordinator → worker: protocol version, function, cache, codec. The first frame. */
    HELLO(1),
    /** Coordinator → worker: one task (id, key, arguments). */
    JOB(2),
    /** Coordinator → worker: finish the current task, start no other, exit. */
    STOP(3),
    /**
     * Coordinator → worker: give back up to this many of the jobs held and not started, the last
     * sent first (another worker idles and nothing is queued).
     */
    RECALL(4),
    /** Worker → coordinator: set up and waiting for jobs (protocol version, process id). */
    READY(10),
    /** Worker → coordinator: a task's result is in the cache (id, computation time). */
    DONE(11),
    /** Worker → coordinator: a task threw (id, exception class, message, stack trace). */
    FAILED(12),
    /** Both ways: still alive (a worker that hears none from its coordinator for long exits). */
    HEARTBEAT(13),
    /** Worker → coordinator: cannot work at all (bad hello, function not found, cache not writable). */
    FATAL(14),
    /** Worker → coordinator: a task has started (id); the others it holds have not. */
    STARTED(15),
    /** Worker → coordinator: a task's computation ended (id); its result is being stored. */
    COMPUTED(16),
    /** Worker → coordinator: the jobs given back for a RECALL (ids), none started; possibly none. */
    RETURNED(17),
    /**
     * Worker → coordinator: the entry of a task's result follows in RESULT_CHUNK frames (id, key,
     * length in bytes); the task's DONE ends it. For a worker that does not write the cache.
     */
    RESULT(18),
    /** Worker → coordinator: the next bytes of the entry a RESULT announced (id, bytes), in order. */
    RESULT_CHUNK(19);

    private final byte code;

    /** values() copies its array at each call: that was 3% of the coordinator's CPU, one call per frame. */
    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code & 0xff] = t;
        }
    }

    FrameType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /**
     * Returns the type, or {@code null} if unknown.
     *
     * @param code a byte from the wire
     * @return the type, or {@code null} if unknown
     */
    public static FrameType of(byte code) {
        return BY_CODE[code & 0xff];
    }
}
