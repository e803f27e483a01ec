package io.mppfc.protocol;

import io.mppfc.function.FunctionRef;
import java.util.List;

/**
 * The protocol's version, exit codes and frame bounds, and the payloads a coordinator sends its
 * workers (HELLO, JOB, RECALL), one record per frame type, each with its encoder and decoder.
 * Arguments and captured values travel as footprints (the key's own canonical bytes). A worker
 * answers with {@link WorkerReports}: it stores results in the cache and says DONE, or sends
 * their entries first ({@link ResultMessages}).
 */
public final class Messages {

    /** The protocol version this build speaks; a worker refuses any other. */
    public static final int PROTOCOL_VERSION = 9;

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
     * @param startedSlot a file on the coordinator's machine that begins with {@code tempTag}, in
     *     which the worker keeps the id of the job it started last ({@link StartedSlot}), or "" for
     *     none; a worker that sees it may leave COMPUTED and STARTED frames in its output buffer
     *     while the next job runs, since the slot names the job that ended the process
     */
    public record Hello(int protocolVersion, String className, String methodName, String descriptor,
            FunctionRef.Kind kind, boolean argumentsAsArray, byte[] captured, String cacheDirectory,
            String shareMarker, String tempTag, byte codecId, boolean durable, List<String> allowedClasses,
            List<String> allowedPackages, int workerIndex, int heartbeatMillis, int compressionLevel,
            String codeVersion, List<String> ownClasses, List<byte[]> ownClassFiles, boolean resultsOverPipe,
            String startedSlot) {

        /**
         * A hello without a started slot: the worker writes STARTED before each function runs.
         *
         * @param protocolVersion as the canonical constructor's
         * @param className as the canonical constructor's
         * @param methodName as the canonical constructor's
         * @param descriptor as the canonical constructor's
         * @param kind as the canonical constructor's
         * @param argumentsAsArray as the canonical constructor's
         * @param captured as the canonical constructor's
         * @param cacheDirectory as the canonical constructor's
         * @param shareMarker as the canonical constructor's
         * @param tempTag as the canonical constructor's
         * @param codecId as the canonical constructor's
         * @param durable as the canonical constructor's
         * @param allowedClasses as the canonical constructor's
         * @param allowedPackages as the canonical constructor's
         * @param workerIndex as the canonical constructor's
         * @param heartbeatMillis as the canonical constructor's
         * @param compressionLevel as the canonical constructor's
         * @param codeVersion as the canonical constructor's
         * @param ownClasses as the canonical constructor's
         * @param ownClassFiles as the canonical constructor's
         * @param resultsOverPipe as the canonical constructor's
         */
        public Hello(int protocolVersion, String className, String methodName, String descriptor,
                FunctionRef.Kind kind, boolean argumentsAsArray, byte[] captured, String cacheDirectory,
                String shareMarker, String tempTag, byte codecId, boolean durable, List<String> allowedClasses,
                List<String> allowedPackages, int workerIndex, int heartbeatMillis, int compressionLevel,
                String codeVersion, List<String> ownClasses, List<byte[]> ownClassFiles, boolean resultsOverPipe) {
            this(protocolVersion, className, methodName, descriptor, kind, argumentsAsArray, captured, cacheDirectory,
                    shareMarker, tempTag, codecId, durable, allowedClasses, allowedPackages, workerIndex,
                    heartbeatMillis, compressionLevel, codeVersion, ownClasses, ownClassFiles, resultsOverPipe, "");
        }

        /**
         * This hello for one worker.
         *
         * @param index the worker's number
         * @param directory the cache directory as the worker sees it
         * @param marker the name of the file the coordinator put there, or "" for no check
         * @param tag what the worker's temp file names start with
         * @param slot the worker's started slot, or "" for none
         * @return the worker's hello
         */
        public Hello forWorker(int index, String directory, String marker, String tag, String slot) {
            return new Hello(protocolVersion, className, methodName, descriptor, kind, argumentsAsArray, captured,
                    directory, marker, tag, codecId, durable, allowedClasses, allowedPackages, index, heartbeatMillis,
                    compressionLevel, codeVersion, ownClasses, ownClassFiles, resultsOverPipe, slot);
        }

        public byte[] encode() {
            return new Payload.Out().putInt(protocolVersion).putString(className).putString(methodName)
                    .putString(descriptor).putByte(kind.ordinal()).putBoolean(argumentsAsArray).putBytes(captured)
                    .putString(cacheDirectory).putString(shareMarker).putString(tempTag)
                    .putByte(codecId).putBoolean(durable)
                    .putStrings(allowedClasses).putStrings(allowedPackages).putInt(workerIndex).putInt(heartbeatMillis)
                    .putInt(compressionLevel).putString(codeVersion).putStrings(ownClasses)
                    .putByteArrays(ownClassFiles).putBoolean(resultsOverPipe).putString(startedSlot).toByteArray();
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
                    in.getStrings(), in.getByteArrays(), in.getBoolean(), in.getString());
            in.end();
            if (hello.startedSlot() == null) {
                throw new ProtocolException("malformed HELLO frame: no started slot");
            }
            return hello;
        }
    }

    /**
     * One task.
     *
     * @param id the coordinator's task id
     * @param key the 32-byte cache key
     * @param arguments the footprint of the arguments ({@code Footprint.ofArguments})
     * @param absent whether the coordinator's lookup found nothing at all stored for the key (no
     *     loose file, no packed record, not even a damaged or stale one): its entry then need not
     *     be searched for again before it is published in a batch (docs/DESIGN.md, "The hot store")
     */
    public record Job(long id, byte[] key, byte[] arguments, boolean absent) {

        /**
         * A job whose key may be stored already: the worker looks before it publishes a batch.
         *
         * @param id the coordinator's task id
         * @param key the 32-byte cache key
         * @param arguments the footprint of the arguments
         */
        public Job(long id, byte[] key, byte[] arguments) {
            this(id, key, arguments, false);
        }

        /**
         * The frame's payload.
         *
         * @return the encoded job
         */
        public byte[] encode() {
            return new Payload.Out().putLong(id).putBytes(key).putBytes(arguments).putBoolean(absent).toByteArray();
        }

        /**
         * @param payload a JOB payload
         * @throws ProtocolException if malformed
         */
        public static Job decode(byte[] payload) throws ProtocolException {
            Payload.In in = new Payload.In(FrameType.JOB, payload);
            Job job = new Job(in.getLong(), in.getBytes(), in.getBytes(), in.getBoolean());
            in.end();
            return job;
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
}
