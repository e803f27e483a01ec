/**
 * The worker JVM's entry point and the {@code mppfc} command line. Nothing here is an API: the
 * coordinator starts workers with this module's classes on their class path.
 */
module io.mppfc.worker {
    requires io.mppfc;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires java.xml;
    requires org.slf4j;
    requires static com.github.luben.zstd_jni;

    // the worker's stderr logging, chosen by name (slf4j.provider) when no other is bound
    uses org.slf4j.spi.SLF4JServiceProvider;
    exports io.mppfc.worker to org.slf4j;
    // picocli fills the commands' options by reflection
    opens io.mppfc.cli to info.picocli;
}
