package io.mppfc.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.logging.LoggerFactory;
import org.apache.fory.resolver.TypeChecker;

/**
 * The default codec. Built in Java mode (the cross-language default rejects plain user
 * classes), with code generation off (it costs ~300 ms per new class in a fresh JVM, which the
 * first cache hit of a program would pay) and a type checker that refuses every class outside
 * the allow-list before it is instantiated.
 */
final class ForyCodec implements ValueCodec {

    /**
     * Building Fory costs a few hundred milliseconds in a fresh JVM: one per allow-list, shared
     * by all caches, and started on a background thread as soon as a cache is opened, so the
     * first cache hit of a program (the "second run is instant" promise) rarely waits for it.
     */
    private static final Map<ClassAllowList, CompletableFuture<ThreadSafeFory>> INSTANCES = new ConcurrentHashMap<>();

    static {
        LoggerFactory.useSlf4jLogging(true);
    }

    private final ClassAllowList allowList;
    private final CompletableFuture<ThreadSafeFory> building;
    private volatile ThreadSafeFory fory;

    ForyCodec(ClassAllowList allowList) {
        this.allowList = allowList;
        this.building = INSTANCES.computeIfAbsent(allowList, list -> {
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

    private ThreadSafeFory fory() {
        ThreadSafeFory f = fory;
        if (f == null) {
            f = building.join();
            fory = f;
        }
        return f;
    }

    private static ThreadSafeFory build(ClassAllowList allowList) {
        TypeChecker checker = (resolver, className) -> allowList.allows(className);
        return Fory.builder()
                .withLanguage(Language.JAVA)
                .withRefTracking(true)
                .withCodegen(false)
                .requireClassRegistration(false)
                .suppressClassRegistrationWarnings(true)
                .withDeserializeUnknownClass(false)
                .withTypeChecker(checker)
                .withClassLoader(contextLoader())
                .buildThreadSafeFory();
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : ForyCodec.class.getClassLoader();
    }

    @Override
    public byte[] encode(Object value) throws CodecException {
        try {
            return fory().serialize(value);
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException("Fory cannot encode a " + value.getClass().getName() + ": " + firstLine(e)
                    + hint(e), e);
        }
    }

    @Override
    public Object decode(byte[] bytes) throws CodecException {
        try {
            return fory().deserialize(bytes);
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException("Fory cannot decode the entry: " + firstLine(e) + hint(e), e);
        }
    }

    private String hint(Throwable e) {
        return e.getClass().getSimpleName().equals("InsecureException")
                ? " (allowed: " + String.join(", ", allowList.describe()) + "; add classes with "
                        + "Mppfc.cache(...).allowClasses(...) or allowPackages(...))"
                : "";
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }
}
