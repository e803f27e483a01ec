package io.mppfc.cache.codec;

import io.mppfc.Codec;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;

/**
 * The opt-in FST codec. FST is an optional dependency with no module name, so it is called
 * through method handles: mppfc's module needs no compile-time tie to it, and reflection reads
 * FST wherever it is (classpath or module path). Checks the allow-list for every class FST
 * reads from an entry.
 */
final class FstCodec implements ValueCodec {

    private static final String CONFIGURATION = "org.nustaq.serialization.FSTConfiguration";

    private final Object fst;
    private final MethodHandle asByteArray;
    private final MethodHandle readObject;

    private FstCodec(Object fst, MethodHandle asByteArray, MethodHandle readObject) {
        this.fst = fst;
        this.asByteArray = asByteArray;
        this.readObject = readObject;
    }

    static ValueCodec create(ClassAllowList allowList) {
        String missing = missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        try {
            ClassLoader loader = FstCodec.class.getClassLoader();
            Class<?> configuration = Class.forName(CONFIGURATION, true, loader);
            Class<?> verifier = Class.forName(CONFIGURATION + "$ClassSecurityVerifier", true, loader);
            Class<?> input = Class.forName("org.nustaq.serialization.FSTObjectInput", true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Object conf = lookup.findStatic(configuration, "createDefaultConfiguration",
                    MethodType.methodType(configuration)).invoke();
            lookup.findVirtual(configuration, "setShareReferences", MethodType.methodType(void.class, boolean.class))
                    .invoke(conf, true);
            lookup.findVirtual(configuration, "setClassLoader", MethodType.methodType(void.class, ClassLoader.class))
                    .invoke(conf, loader);
            Object allowed = Proxy.newProxyInstance(verifier.getClassLoader(), new Class<?>[] {verifier},
                    (proxy, method, args) -> method.getName().equals("allowClassDeserialization")
                            ? allowList.allows(((Class<?>) args[0]).getName())
                            : method.invoke(allowList, args));
            lookup.findVirtual(configuration, "setVerifier", MethodType.methodType(configuration, verifier))
                    .invoke(conf, allowed);
            MethodHandle asByteArray = lookup.findVirtual(configuration, "asByteArray",
                    MethodType.methodType(byte[].class, Object.class));
            MethodHandle objectInput = lookup.findVirtual(configuration, "getObjectInput",
                    MethodType.methodType(input, byte[].class));
            MethodHandle readObject = MethodHandles.filterReturnValue(objectInput,
                    lookup.findVirtual(input, "readObject", MethodType.methodType(Object.class)));
            return new FstCodec(conf, asByteArray, readObject);
        } catch (Throwable e) {
            throw new IllegalStateException("the FST codec could not be set up with the FST on the classpath "
                    + "(mppfc needs de.ruedigermoeller:fst:3.0.4-jdk17): " + e, e);
        }
    }

    /** What to add for FST to work here, or null if it is on the classpath. */
    static String missing() {
        try {
            Class.forName(CONFIGURATION, false, FstCodec.class.getClassLoader());
            Class.forName("org.objenesis.Objenesis", false, FstCodec.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "the FST codec needs de.ruedigermoeller:fst:3.0.4-jdk17 and "
                    + "org.objenesis:objenesis on the classpath; add them to your dependencies, or use Codec.FORY";
        }
    }

    @Override
    public Codec codec() {
        return Codec.FST;
    }

    @Override
    public byte[] encode(Object value) throws CodecException {
        try {
            synchronized (fst) {
                return (byte[]) asByteArray.invoke(fst, value);
            }
        } catch (Throwable e) {
            if (e instanceof Error && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
            throw new CodecException("FST cannot encode a " + value.getClass().getName() + ": " + e
                    + (value instanceof Record ? " (FST cannot handle records; use Codec.FORY)" : ""), e);
        }
    }

    @Override
    public Object decode(byte[] bytes) throws CodecException {
        // not asObject(): it prints "unable to decode" to stdout, which would corrupt a worker's protocol
        try {
            synchronized (fst) {
                return readObject.invoke(fst, bytes);
            }
        } catch (Throwable e) {
            if (e instanceof Error && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
            throw new CodecException("FST cannot decode the entry: " + e, e);
        }
    }
}
