/**
 * The {@code mppfc} command line. Nothing here is an API: it runs as {@code java -jar mppfc.jar}.
 */
module io.mppfc.cli {
    requires io.mppfc;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    requires java.xml;
    requires org.slf4j;
    requires static com.github.luben.zstd_jni;

    // picocli fills the commands' options by reflection
    opens io.mppfc.cli to info.picocli;
}
