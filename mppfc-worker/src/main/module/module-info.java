/**
 * The worker JVM's entry point. Nothing here is an API: the coordinator starts workers with this
 * module's classes on their class path.
 */
module io.mppfc.worker {
    requires io.mppfc;
    requires org.slf4j;

    // the worker's stderr logging, chosen by name (slf4j.provider) when no other is bound
    uses org.slf4j.spi.SLF4JServiceProvider;
    exports io.mppfc.worker to org.slf4j;
}
