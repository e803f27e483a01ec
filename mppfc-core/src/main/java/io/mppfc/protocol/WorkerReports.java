package io.mppfc.protocol;

import io.mppfc.FailureKind;

/**
 * The payloads a worker sends its coordinator, one record per frame type, each with its encoder
 * and decoder; the entries of its results travel in {@link ResultMessages}. Each frame fits in
 * {@link Messages#MAX_FROM_WORKER}, whatever the function did.
 */
public final class WorkerReports {

    private WorkerReports() {
    }

    /**
     * The worker is set up.
     *
     * @param protocolVersion the worker's protocol version
     * @param pid the worker's process id
     * @param host where it runs ({@code "host <name>"}), for failure records
     */
    public record Ready(int protocolVersion, long pid, String host) {

        /** A host name is short; a forged one is cut. */
        public Ready {
            host = host == null ? null : FailureText.cut(host, 256);
        }

        public byte[] encode() {
            return new Payload.Out().putInt(protocolVersion).putLong(pid).putString(host).toByteArray();
        }

        /**
         * @param payload a READY payload
         * @throws ProtocolException if malformed
         */
        public static Ready decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.READY, payload);
            Ready ready = new Ready(in.getInt(), in.getLong(), in.getString());
            in.end();
            return ready;
        }
    }

    /**
     * A task has started; the jobs a worker holds besides it have not.
     *
     * @param id the task id
     */
    public record Started(long id) {

        public byte[] encode() {
            return new Payload.Out().putLong(id).toByteArray();
        }

        /**
         * @param payload a STARTED payload
         * @throws ProtocolException if malformed
         */
        public static Started decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.STARTED, payload);
            Started started = new Started(in.getLong());
            in.end();
            return started;
        }
    }

    /**
     * A task's computation ended and its result is being stored: the task timeout stops here,
     * and a worker that dies now is not the task's fault.
     *
     * @param id the task id
     */
    public record Computed(long id) {

        /**
         * The id, in eight bytes.
         *
         * @return the payload
         */
        public byte[] encode() {
            return new Payload.Out().putLong(id).toByteArray();
        }

        /**
         * Reads a COMPUTED payload.
         *
         * @param payload a COMPUTED payload
         * @return the message
         * @throws ProtocolException if malformed
         */
        public static Computed decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.COMPUTED, payload);
            Computed computed = new Computed(in.getLong());
            in.end();
            return computed;
        }
    }

    /**
     * The jobs a worker gave back for a RECALL, the last sent first: it had not started them and
     * never will.
     *
     * @param ids the task ids, possibly none
     */
    public record Returned(long[] ids) {

        public byte[] encode() {
            Payload.Out out = new Payload.Out().putInt(ids.length);
            for (long id : ids) {
                out.putLong(id);
            }
            return out.toByteArray();
        }

        /**
         * @param payload a RETURNED payload
         * @throws ProtocolException if malformed
         */
        public static Returned decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.RETURNED, payload);
            long[] ids = new long[in.getCount(Long.BYTES)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.getLong();
            }
            in.end();
            return new Returned(ids);
        }
    }

    /**
     * A task's result has been renamed into place in the cache. The key lets the coordinator
     * check that before it believes it.
     *
     * @param id the task id
     * @param key the 32-byte cache key of the entry written
     * @param computeNanos how long the function took
     */
    public record Done(long id, byte[] key, long computeNanos) {

        public byte[] encode() {
            return new Payload.Out().putLong(id).putBytes(key).putLong(computeNanos).toByteArray();
        }

        /**
         * @param payload a DONE payload
         * @throws ProtocolException if malformed
         */
        public static Done decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.DONE, payload);
            Done done = new Done(in.getLong(), in.getBytes(), in.getLong());
            if (done.key() == null || done.key().length != 32) {
                throw new ProtocolException("malformed DONE frame: a key must have 32 bytes");
            }
            in.end();
            return done;
        }
    }

    /**
     * A task threw, or its result could not be stored; nothing was cached.
     *
     * @param id the task id
     * @param kind {@link FailureKind#THREW} or {@link FailureKind#NOT_STORED}
     * @param exceptionClass the exception's class name
     * @param message its message, possibly null
     * @param stackTrace its full stack trace, causes included
     */
    public record Failed(long id, FailureKind kind, String exceptionClass, String message, String stackTrace) {

        /** Bounded as {@link FailureText} says, so that the frame always fits in {@link Messages#MAX_FROM_WORKER}. */
        public Failed {
            FailureText text = new FailureText(exceptionClass, message, stackTrace);
            exceptionClass = text.exceptionClass();
            message = text.message();
            stackTrace = text.stackTrace();
        }

        /**
         * @param id the task id
         * @param kind {@link FailureKind#THREW} or {@link FailureKind#NOT_STORED}
         * @param text what was thrown
         */
        public Failed(long id, FailureKind kind, FailureText text) {
            this(id, kind, text.exceptionClass(), text.message(), text.stackTrace());
        }

        public byte[] encode() {
            return new Payload.Out().putLong(id).putByte(kind.ordinal()).putString(exceptionClass).putString(message).putString(stackTrace)
                    .toByteArray();
        }

        /**
         * @param payload a FAILED payload
         * @throws ProtocolException if malformed
         */
        public static Failed decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.FAILED, payload);
            long id = in.getLong();
            int kind = in.getByte();
            if (kind != FailureKind.THREW.ordinal() && kind != FailureKind.NOT_STORED.ordinal()) {
                throw new ProtocolException("malformed FAILED frame: a worker reports only THREW or NOT_STORED");
            }
            Failed failed = new Failed(id, FailureKind.values()[kind], in.getString(), in.getString(), in.getString());
            in.end();
            return failed;
        }
    }

    /**
     * The worker cannot work at all.
     *
     * @param message what is wrong and what to do
     * @param stackTrace where it happened
     */
    public record Fatal(String message, String stackTrace) {

        /** Bounded like a failure, so that the frame always fits in {@link Messages#MAX_FROM_WORKER}. */
        public Fatal {
            message = message == null ? null : FailureText.cut(message, FailureText.MAX_TRACE / 2);
            stackTrace = new FailureText("", null, stackTrace).stackTrace();
        }

        public byte[] encode() {
            return new Payload.Out().putString(message).putString(stackTrace).toByteArray();
        }

        /**
         * @param payload a FATAL payload
         * @throws ProtocolException if malformed
         */
        public static Fatal decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.FATAL, payload);
            Fatal fatal = new Fatal(in.getString(), in.getString());
            in.end();
            return fatal;
        }
    }
}
