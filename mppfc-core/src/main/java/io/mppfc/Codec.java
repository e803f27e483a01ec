package io.mppfc;

/**
 * The value codecs mppfc ships, chosen with {@link CacheBuilder#codec(Codec)}. Every entry
 * records which codec wrote it, so a cache written with one is still read after the default
 * changes. Results that are a primitive's box, a {@code String} or a primitive array (up to 1
 * MiB) need neither: they are stored in the canonical form their keys are made from, and a
 * function of such a result type sets its codec up only if a larger value or an entry of an
 * older mppfc needs it.
 *
 * @since 0.1
 */
public enum Codec {

    /**
     * Apache Fory (the default): fast, handles records, collections, arrays and java.time
     * values with no JVM flags, and checks every class against the allow-list.
     */
    FORY,

    /**
     * FST, opt-in: add {@code de.ruedigermoeller:fst} and {@code org.objenesis:objenesis} to your
     * dependencies, and run the JVM with the {@code --add-opens} flags listed in
     * {@link #FST_JVM_OPTIONS}. FST cannot deserialize Java records.
     */
    FST;

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
}
