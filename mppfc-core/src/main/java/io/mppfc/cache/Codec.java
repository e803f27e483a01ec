package io.mppfc.cache;

/**
 * The value codecs mppfc ships. The id of each is stored in every entry it writes, and is
 * frozen.
 *
 * @since 0.1
 */
public enum Codec {

    /**
     * Apache Fory (the default): fast, handles records, collections, arrays and java.time
     * values with no JVM flags, and checks every class against the allow-list.
     */
    FORY((byte) 1),

    /**
     * FST, opt-in: add {@code de.ruedigermoeller:fst} and {@code org.objenesis:objenesis} to your
     * dependencies, and run the JVM with the {@code --add-opens} flags listed in
     * {@link #FST_JVM_OPTIONS}. FST cannot deserialize Java records.
     */
    FST((byte) 2);

    /**
     * The system property that sets how many Fory instances a codec keeps for concurrent use
     * (default: the cores, from 2 to 4). A worker stores from one thread and sets 1: each
     * instance costs its set-up at the first store.
     */
    public static final String FORY_INSTANCES_PROPERTY = "mppfc.foryInstances";

    /** The {@code --add-opens} flags FST needs on Java 17 and later. */
    public static final java.util.List<String> FST_JVM_OPTIONS = java.util.List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED");

    private final byte id;

    Codec(byte id) {
        this.id = id;
    }

    /**
     * Returns the id stored in entry headers.
     *
     * @return the id stored in entry headers
     */
    public byte id() {
        return id;
    }

    /**
     * Returns the codec, or {@code null} if the id is unknown to this version.
     *
     * @param id an id from an entry header
     * @return the codec, or {@code null} if the id is unknown to this version
     */
    public static Codec byId(byte id) {
        for (Codec c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    /**
     * Why entries written with the codec of this id cannot be read here, or null if they can.
     *
     * @param id an id from an entry header
     * @return what is missing and what to do, or null
     */
    public static String unavailable(byte id) {
        Codec codec = byId(id);
        if (codec == null) {
            return "written with codec id " + id + ", unknown to this mppfc (written by a newer version?)";
        }
        String missing = codec == FORY ? null : FstCodec.missing();
        return missing == null ? null : "written with the " + codec + " codec, which is not available here: " + missing;
    }

    /**
     * Creates this codec.
     *
     * @param allowList the classes decoding may instantiate
     * @return the codec
     * @throws IllegalStateException if the codec's library is not on the classpath, naming the
     *     dependency to add
     */
    public ValueCodec create(ClassAllowList allowList) {
        return this == FORY ? new ForyCodec(allowList) : FstCodec.create(allowList);
    }
}
