package io.mppfc.cache.codec;

import io.mppfc.Codec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Config;
import org.apache.fory.config.ForyBuilder;
import org.apache.fory.config.Language;
import org.apache.fory.context.ReadContext;
import org.apache.fory.context.WriteContext;
import org.apache.fory.logging.LoggerFactory;
import org.apache.fory.pool.ThreadPoolFory;
import org.apache.fory.resolver.ClassResolver;
import org.apache.fory.resolver.TypeChecker;
import org.apache.fory.serializer.Serializer;

/**
 * The default codec. Built in Java mode (the cross-language default rejects plain user
 * classes), with code generation off (it costs ~300 ms per new class in a fresh JVM, which the
 * first cache hit of a program would pay), and with every class checked against the allow-list
 * before it is instantiated, on reading and on writing.
 *
 * <p>Fory's type checker is consulted only for classes written by name. The ~170 classes Fory
 * registers itself (ConcurrentHashMap, AtomicLong, URI, Class, SerializedLambda, ...) travel as
 * numeric ids and skip it, so each of those the allow-list does not allow gets a serializer
 * that refuses it, read or written.
 */
public final class ForyCodec implements ValueCodec {

    /**
     * Building Fory costs a few hundred milliseconds in a fresh JVM: one per allow-list, shared
     * by all caches, and started on a background thread as soon as a cache is opened, so the
     * first cache hit of a program (the "second run is instant" promise) rarely waits for it;
     * or at the first use, for a function whose values are stored without it ({@link PlainValues}).
     */
    private static final Map<ClassAllowList, CompletableFuture<ThreadSafeFory>> INSTANCES = new ConcurrentHashMap<>();

    /** Fory's header bit for a stream written with a buffer callback. */
    private static final int OUT_OF_BAND_FLAG = 1 << 1;

    private final ClassAllowList allowList;
    private volatile ThreadSafeFory fory;

    ForyCodec(ClassAllowList allowList, boolean buildNow) {
        this.allowList = allowList;
        if (buildNow) {
            building();
        }
    }

    private CompletableFuture<ThreadSafeFory> building() {
        return INSTANCES.computeIfAbsent(allowList, list -> {
            // before Fory's first class is used: it logs through SLF4J, and its buffers stop short of 2 GiB
            LoggerFactory.useSlf4jLogging(true);
            EncodingLimit.install();
            CompletableFuture<ThreadSafeFory> future = new CompletableFuture<>();
            Thread builder = new Thread(() -> {
                try {
                    future.complete(build(list));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            }, "mppfc-fory-setup");
            builder.setDaemon(true);
            builder.start();
            return future;
        });
    }

    @Override
    public Codec codec() {
        return Codec.FORY;
    }

    static void awaitBuilds(java.time.Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        for (CompletableFuture<ThreadSafeFory> build : INSTANCES.values()) {
            try {
                build.get(Math.max(0, end - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return; // a failed build is reported where it is used; a slow one is not waited for longer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether Fory's set-up for this codec's allow-list has begun, in this JVM. */
    public boolean setUpBegun() {
        return INSTANCES.containsKey(allowList);
    }

    private ThreadSafeFory fory() {
        ThreadSafeFory f = fory;
        if (f == null) {
            f = building().join();
            fory = f;
        }
        return f;
    }

    private static ThreadSafeFory build(ClassAllowList allowList) {
        TypeChecker checker = (resolver, className) -> {
            if (!allowList.allows(className)) {
                throw new Refused(className);
            }
            return true;
        };
        ClassLoader loader = contextLoader();
        return new ThreadPoolFory(builder -> {
            Fory fory = configure(builder, loader).withDeserializeUnknownClass(false).withTypeChecker(checker).build();
            refuseDisallowedPreRegistered(fory, allowList);
            return fory;
        }, instances());
    }

    /** Built eagerly by Fory's pool: more than the threads that decode at once only cost start time and memory. */
    private static int instances() {
        int cores = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Integer.getInteger(Codec.FORY_INSTANCES_PROPERTY, Math.min(4, Math.max(2, cores))));
    }

    static ForyBuilder configure(ForyBuilder builder, ClassLoader loader) {
        return builder
                .withLanguage(Language.JAVA)
                .withRefTracking(true)
                .withCodegen(false)
                .requireClassRegistration(false)
                .suppressClassRegistrationWarnings(true)
                .withClassLoader(loader);
    }

    private static void refuseDisallowedPreRegistered(Fory fory, ClassAllowList allowList) {
        ClassResolver resolver = (ClassResolver) fory.getTypeResolver();
        for (Class<?> c : preRegistered(fory)) {
            if (!c.isPrimitive() && !allowList.allows(c.getName())) {
                resolver.setSerializer(raw(c), new RefusingSerializer(fory.getConfig(), c));
            }
        }
    }

    /** The classes Fory knows by id, which its type checker never sees. */
    static List<Class<?>> preRegistered(Fory fory) {
        return ((ClassResolver) fory.getTypeResolver()).getRegisteredClasses();
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> raw(Class<?> c) {
        return (Class<Object>) c;
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ForyCodec.class.getClassLoader();
    }

    @Override
    public byte[] encode(Object value) throws CodecException {
        java.nio.ByteBuffer encoded = encodeToBuffer(value);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /**
     * Into a buffer of our own rather than Fory's: {@code serialize(Object)} copies its buffer into
     * a new array (and keeps the buffer, grown to the largest value, for the next call).
     */
    @Override
    public java.nio.ByteBuffer encodeToBuffer(Object value) throws CodecException {
        return encodeToBuffer(value, encodingBound(value));
    }

    /** As {@link #encodeToBuffer(Object)}, with the value's {@link #encodingBound}, known already. */
    public java.nio.ByteBuffer encodeToBuffer(Object value, long bound) throws CodecException {
        long arrayBytes = primitiveArrayBytes(value);
        if (arrayBytes > MAX_ENCODED) {
            throw new CodecException(tooLarge(value, arrayBytes), null);
        }
        try {
            ThreadSafeFory f = fory(); // first: its set-up installs the limit on the buffers' growth
            org.apache.fory.memory.MemoryBuffer buffer = org.apache.fory.memory.MemoryBuffer.newHeapBuffer(sizeHint(value));
            f.serialize(buffer, value, guardFor(bound, buffer));
            return java.nio.ByteBuffer.wrap(buffer.getHeapMemory(), 0, buffer.writerIndex());
        } catch (RuntimeException | StackOverflowError e) {
            throw refusedEncoding(value, e);
        }
    }

    private static CodecException refusedEncoding(Object value, Throwable e) {
        Refused refused = refusal(e);
        if (refused != null) {
            return new ClassNotAllowedException(refused.className, "the result holds a");
        }
        if (EncodingLimit.exceeded(e) || causedBy(e, ArithmeticException.class)) {
            return new CodecException(tooLarge(value, -1), null);
        }
        if (causedBy(e, OutOfMemoryError.class)) {
            return new CodecException("the heap ran out while encoding the result (" + typeName(value)
                    + "), which needs the value and its encoding in memory: give the JVM more (-Xmx), or return"
                    + " the result in parts", null);
        }
        return new CodecException("Fory cannot encode a " + value.getClass().getName() + ": " + firstLine(e), e);
    }

    /** Below this a primitive array is encoded on the heap: a mapping costs more than the copy. */
    private static final long IN_PLACE_FROM = 1 << 20;

    /**
     * A bound of the value's encoding, or -1 if none is known: a primitive array's bytes and a few
     * more, or {@link EncodedSizeBound}'s for a value of a few arrays, strings and numbers.
     * Computed once per store: both where the value is encoded and whether it is guarded use it.
     */
    public static long encodingBound(Object value) {
        long arrayBytes = primitiveArrayBytes(value);
        return arrayBytes >= 0 ? arrayBytes + 64 : EncodedSizeBound.of(value);
    }

    /**
     * The bytes to map for encoding a value of this {@link #encodingBound} straight into its
     * entry file, or -1 when it is encoded on the heap.
     */
    public static int inPlaceCapacity(long bound) {
        return bound >= IN_PLACE_FROM && bound <= MAX_ENCODED ? (int) bound : -1;
    }

    /** Encodes into {@code region} (a mapped file): the encoding is a view of it, or on the heap if it outgrew it. */
    public java.nio.ByteBuffer encodeInto(java.nio.ByteBuffer region, Object value, long bound) throws CodecException {
        try {
            ThreadSafeFory f = fory(); // first: its set-up installs the limit on the buffers' growth
            org.apache.fory.memory.MemoryBuffer buffer = org.apache.fory.memory.MemoryBuffer.fromByteBuffer(region);
            f.serialize(buffer, value, guardFor(bound, buffer));
            return buffer.getHeapMemory() == null ? region.slice(0, buffer.writerIndex())
                    : java.nio.ByteBuffer.wrap(buffer.getHeapMemory(), 0, buffer.writerIndex());
        } catch (RuntimeException | StackOverflowError e) {
            if (causedBy(e, InternalError.class)) {
                // how the JVM reports a write to a mapped page the file system has no room for
                throw new java.io.UncheckedIOException(new java.io.IOException(
                        "the file system has no room for the entry (a write to its mapped file failed)", e));
            }
            throw refusedEncoding(value, e);
        }
    }

    /**
     * The array guard where the encoding could near 2 GiB, else none: the guard's callback makes
     * Fory align each array's bytes, which shifts them and measurably worsens zstd on a 10 MB
     * {@code double[]} (179 KB at level 1 against 120 KB), so a value with a known, far smaller
     * bound is encoded exactly as Fory encodes it unguarded.
     */
    private static org.apache.fory.serializer.BufferCallback guardFor(long bound,
            org.apache.fory.memory.MemoryBuffer buffer) {
        return bound >= 0 && bound < MAX_ENCODED / 2 ? null : EncodingLimit.guarding(buffer);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static final long MAX_ENCODED = EncodingLimit.MAX_ENCODED;

    private static String typeName(Object value) {
        return value.getClass().getCanonicalName() != null ? value.getClass().getCanonicalName()
                : value.getClass().getName();
    }

    static String tooLarge(Object value, long bytes) {
        return "the result (" + typeName(value) + (bytes >= 0 ? String.format(java.util.Locale.ROOT, ", %.2f GiB", bytes / (double) (1L << 30)) : "")
                + ") is larger than a cache entry can hold (2 GiB encoded): return it in parts, e.g. one slice per call";
    }

    private static long primitiveArrayBytes(Object value) {
        Class<?> type = value.getClass().getComponentType();
        if (type == null || !type.isPrimitive()) {
            return -1;
        }
        return java.lang.reflect.Array.getLength(value) * EncodedSizeBound.elementBytes(type);
    }

    /**
     * A primitive array (the usual large result) is encoded as its bytes and a few more: a buffer
     * of that size never grows, so encoding it needs the value and one copy, not the two or three
     * that doubling a buffer from small costs.
     */
    private static int sizeHint(Object value) {
        long bytes = primitiveArrayBytes(value);
        return bytes < 0 ? 256 : (int) Math.min(MAX_ENCODED, bytes + 64);
    }

    @Override
    public Object decode(byte[] bytes) throws CodecException {
        return decode(java.nio.ByteBuffer.wrap(bytes));
    }

    @Override
    public Object decode(java.nio.ByteBuffer bytes) throws CodecException {
        try {
            // entries written with the size guard's callback say so in Fory's first byte, and must
            // be given the (empty) list of out-of-band buffers that such a stream may refer to
            java.nio.ByteBuffer slice = bytes.slice();
            boolean guarded = slice.hasRemaining() && (slice.get(0) & OUT_OF_BAND_FLAG) != 0;
            return fory().deserialize(org.apache.fory.memory.MemoryBuffer.fromByteBuffer(slice),
                    guarded ? List.of() : null);
        } catch (RuntimeException | StackOverflowError e) {
            Refused refused = refusal(e);
            if (refused != null) {
                throw new ClassNotAllowedException(refused.className, "the entry holds a");
            }
            throw new CodecException("Fory cannot decode the entry: " + firstLine(e), e);
        }
    }

    private static Refused refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused r) {
                return r;
            }
        }
        return null;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Thrown from inside Fory, before an instance of a class outside the allow-list exists. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String className;

        Refused(String className) {
            super(className, null, false, false);
            this.className = className;
        }
    }

    /** Stands in for Fory's own serializer of a class it pre-registers but the allow-list does not allow. */
    private static final class RefusingSerializer extends Serializer<Object> {

        RefusingSerializer(Config config, Class<?> type) {
            super(config, raw(type));
        }

        @Override
        public void write(WriteContext context, Object value) {
            throw new Refused(getType().getName());
        }

        @Override
        public Object read(ReadContext context) {
            throw new Refused(getType().getName());
        }
    }
}
