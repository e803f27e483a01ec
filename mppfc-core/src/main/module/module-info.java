/**
 * mppfc: a multi-process persistent function cache. Start at {@link io.mppfc.Mppfc}.
 *
 * <p>The API is {@code io.mppfc}, with the launchers of {@code io.mppfc.launch}. The other
 * packages are internal: they are open only to the worker and command-line modules.
 *
 * <p>On the module path, mppfc reads your functions, arguments and results by reflection: open
 * the packages that hold them to {@code io.mppfc} (and, for results stored with the default
 * codec, to {@code org.apache.fory.core}). Compression needs {@code com.github.luben.zstd_jni}
 * in the module graph ({@code requires} it, or {@code --add-modules}).
 */
module io.mppfc {
    requires org.apache.fory.core;
    requires org.slf4j;
    requires static com.github.luben.zstd_jni;
    // Fory reaches sun.misc.Unsafe by name, and its descriptor for JDK 25 no longer requires
    // the module that holds it: without this, Fory cannot start on the module path of JDK 25
    requires jdk.unsupported;

    exports io.mppfc;
    exports io.mppfc.launch;

    exports io.mppfc.cache to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.cache.codec to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.cache.entry to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.cache.failure to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.cache.maintenance to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.cache.pack to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.code to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.files to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.footprint to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.function to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.pool to io.mppfc.worker, io.mppfc.cli;
    exports io.mppfc.protocol to io.mppfc.worker, io.mppfc.cli;
    // and to the S3 store, which shows a server's words as ShownText does (an automatic module's name)
    exports io.mppfc.text to io.mppfc.cli, io.mppfc.s3;
}
