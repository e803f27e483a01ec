package io.mppfc.protocol;

import io.mppfc.FailureKind;
import io.mppfc.function.FunctionRef;
import java.util.List;

/**
 * The payloads of protocol version 1, one record per frame type, each with its encoder and
 * decoder. Arguments and captured values travel as footprints (the key's own canonical
 * bytes). A worker stores results in the cache and says DONE, or sends their entries first
 * ({@link ResultMessages}).
 */
public final class Messages {

    /** The protocol version this build speaks; a worker refuses any other. */
    public static final int PROTOCOL_VERSION = 7;

    /** The exit code of a worker that ran out of memory in a task (after reporting it). */
    public static final int EXIT_OUT_OF_MEMORY = 86;

    /** The exit code of a worker that heard nothing from its coordinator for too long. */
    public static final int EXIT_COORDINATOR_SILENT = 87;

    /**
     * The largest frame a coordinator reads from a worker. Every worker frame fits, whatever the
     * function did: a failure is bounded by {@link FailureText} (a FAILED frame is at most about
     * 420 KB), and the rest are small.
     */
    public static final int MAX_FROM_WORKER = 1 << 20;

    /**
     * The largest frame a worker reads from its coordinator by default (a job's arguments, a
     * hello with the captured values and class files): system property {@code
     * mppfc.maxFrameBytes}, read by both, so give it to the program and to the workers
     * ({@code workerJvmOptions("-Dmppfc.maxFrameBytes=...")}). A job over it fails at once rather
     * than wait for a worker that cannot read it.
     *
     * @return the limit in bytes
     */
    public static int maxToWorker() {
        return Integer.getInteger("mppfc.maxFrameBytes", 256 << 20);
    }

    private Messages() {
    }

    /**
     * Everything a worker needs to compute and store results.
     *
     * @param protocolVersion {@link #PROTOCOL_VERSION} of the coordinator
     * @param className the function's class
     * @param methodName the function's method
     * @param descriptor the method's JVM descriptor
     * @param kind how it is invoked
     * @param argumentsAsArray whether arguments are passed as one {@code Object[]}
     * @param captured the footprint ({@code Footprint.ofArguments}) of the captured values
     * @param cacheDirectory the function's cache directory, absolute, as the worker sees it
     * @param shareMarker a file the coordinator made in that directory, which a worker on another
     *     machine must see there (else the directory is not shared), or "" for no check
     * @param tempTag what the worker's temp file names start with (hex), so that the coordinator
     *     can remove those a killed worker leaves; or "" for none
     * @param codecId the codec results are stored with
     * @param durable whether entries are fsynced
     * @param allowedClasses the allow-list's classes
     * @param allowedPackages the allow-list's packages
     * @param workerIndex the worker's number, for logs
     * @param heartbeatMillis how often the worker says it is alive
     * @param compressionLevel the zstd level of the entries it writes, 0 for none
     * @param codeVersion the fingerprint of the function's code the coordinator runs, or "" when
     *     untracked; a worker whose own classes differ refuses to start
     * @param ownClasses the classes the fingerprint followed into (internal names), which the
     *     worker follows too, whatever its classpath looks like
     * @param ownClassFiles the bytes of each of those classes the coordinator fingerprinted (a
     *     worker finding the same bytes needs no fingerprint of its own), or empty
     * @param resultsOverPipe whether the worker sends its results' entries to the coordinator
     *     ({@link ResultMessages}) instead of writing the cache
     */
    public record Hello(int protocolVersion, String className, String methodName, String descriptor,
            FunctionRef.Kind kind, boolean argumentsAsArray, byte[] captured, String cacheDirectory,
            String shareMarker, String tempTag, byte codecId, boolean durable, List<String> allowedClasses,
            List<String> allowedPackages, int workerIndex, int heartbeatMillis, int compressionLevel,
            String codeVersion, List<String> ownClasses, List<byte[]> ownClassFiles, boolean resultsOverPipe) {

        /**
         * @param index the worker's number
         * @param directory the cache directory as the worker sees it
         * @param marker the name of the file the coordinator put there, or "" for no check
         * @param tag what the worker's temp file names start with
         */
        public Hello forWorker(int index, String directory, String marker, String tag) {
            return new Hello(protocolVersion, className, methodName, descriptor, kind, argumentsAsArray, captured,
                    directory, marker, tag, codecId, durable, allowedClasses, allowedPackages, index, heartbeatMillis,
                    compressionLevel, codeVersion, ownClasses, ownClassFiles, resultsOverPipe);
        }

        public byte[] encode() {
            return new Payload.Out().putInt(protocolVersion).putString(className).putString(methodName)
                    .putString(descriptor).putByte(kind.ordinal()).putBoolean(argumentsAsArray).putBytes(captured)
                    .putString(cacheDirectory).putString(shareMarker).putString(tempTag)
                    .putByte(codecId).putBoolean(durable)
                    .putStrings(allowedClasses).putStrings(allowedPackages).putInt(workerIndex).putInt(heartbeatMillis)
                    .putInt(compressionLevel).putString(codeVersion).putStrings(ownClasses)
                    .putByteArrays(ownClassFiles).putBoolean(resultsOverPipe).toByteArray();
        }

        /**
         * @param payload a HELLO payload
         * @throws ProtocolException if malformed, or of another protocol version (checked first)
         */
        public static Hello decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.HELLO, payload);
            int version = in.getInt();
            if (version != PROTOCOL_VERSION) {
                throw new ProtocolException("the coordinator speaks protocol version " + version + ", this worker "
                        + PROTOCOL_VERSION + ": use the same mppfc version on both sides");
            }
            String className = in.getString();
            String methodName = in.getString();
            String descriptor = in.getString();
            int kind = in.getByte();
            if (kind < 0 || kind >= FunctionRef.Kind.values().length || className == null || methodName == null
                    || descriptor == null) {
                throw new ProtocolException("malformed HELLO frame: bad function reference");
            }
            Hello hello = new Hello(version, className, methodName, descriptor, FunctionRef.Kind.values()[kind],
                    in.getBoolean(), in.getBytes(), in.getString(), in.getString(), in.getString(), in.getByte(),
                    in.getBoolean(),
                    in.getStrings(), in.getStrings(), in.getInt(), in.getInt(), in.getInt(), in.getString(),
                    in.getStrings(), in.getByteArrays(), in.getBoolean());
            in.end();
            return hello;
        }
    }

    /**
     * One task.
     *
     * @param id the coordinator's task id
     * @param key the 32-byte cache key
     * @param arguments the footprint of the arguments ({@code Footprint.ofArguments})
     */
    public record Job(long id, byte[] key, byte[] arguments) {

        public byte[] encode() {
            return new Payload.Out().putLong(id).putBytes(key).putBytes(arguments).toByteArray();
        }

        /**
         * @param payload a JOB payload
         * @throws ProtocolException if malformed
         */
        public static Job decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.JOB, payload);
            Job job = new Job(in.getLong(), in.getBytes(), in.getBytes());
            in.end();
            return job;
        }
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
     * Gives back up to {@code count} jobs held and not started, for a worker that idles.
     *
     * @param count how many at most
     */
    public record Recall(int count) {

        public byte[] encode() {
            return new Payload.Out().putInt(count).toByteArray();
        }

        /**
         * @param payload a RECALL payload
         * @throws ProtocolException if malformed
         */
        public static Recall decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.RECALL, payload);
            Recall recall = new Recall(in.getInt());
            in.end();
            return recall;
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

        /** Bounded as {@link FailureText} says, so that the frame always fits in {@link #MAX_FROM_WORKER}. */
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

        /** Bounded like a failure, so that the frame always fits in {@link #MAX_FROM_WORKER}. */
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
