package io.mppfc.cache;

import java.io.IOException;

/**
 * The opt-in FST codec. Compiled against FST but loaded only when chosen, so FST stays an
 * optional dependency. Checks the allow-list for every class FST reads from an entry.
 */
final class FstCodec implements ValueCodec {

    private final org.nustaq.serialization.FSTConfiguration fst;

    private FstCodec(org.nustaq.serialization.FSTConfiguration fst) {
        this.fst = fst;
    }

    static ValueCodec create(ClassAllowList allowList) {
        String missing = missing();
        if (missing != null) {
            throw new IllegalStateException(missing);
        }
        return Holder.create(allowList);
    }

    /** What to add for FST to work here, or null if it is on the classpath. */
    static String missing() {
        try {
            Class.forName("org.nustaq.serialization.FSTConfiguration", false, FstCodec.class.getClassLoader());
            Class.forName("org.objenesis.Objenesis", false, FstCodec.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "the FST codec needs de.ruedigermoeller:fst:3.0.4-jdk17 and "
                    + "org.objenesis:objenesis on the classpath; add them to your dependencies, or use Codec.FORY";
        }
    }

    /** Touches FST classes only after the presence check above. */
    private static final class Holder {
        static ValueCodec create(ClassAllowList allowList) {
            org.nustaq.serialization.FSTConfiguration conf =
                    org.nustaq.serialization.FSTConfiguration.createDefaultConfiguration();
            conf.setShareReferences(true);
            conf.setClassLoader(FstCodec.class.getClassLoader());
            conf.setVerifier((clazz) -> allowList.allows(clazz.getName()));
            return new FstCodec(conf);
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
                return fst.asByteArray(value);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new CodecException("FST cannot encode a " + value.getClass().getName() + ": " + e
                    + (value instanceof Record ? " (FST cannot handle records; use Codec.FORY)" : ""), e);
        }
    }

    @Override
    public Object decode(byte[] bytes) throws CodecException {
        // not asObject(): it prints "unable to decode" to stdout, which would corrupt a worker's protocol
        try {
            synchronized (fst) {
                return fst.getObjectInput(bytes).readObject();
            }
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            throw new CodecException("FST cannot decode the entry: " + e, e);
        }
    }
}
