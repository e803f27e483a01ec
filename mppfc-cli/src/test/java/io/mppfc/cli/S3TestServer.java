package io.mppfc.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for one command-line test, in the test's JVM: s3proxy on loopback, on an
 * ephemeral port, with signature-v4 authentication and a file-system backend, holding the bucket
 * {@link #BUCKET}. The CLI process reaches it with {@link #environment()}'s credentials. It can
 * be stopped and started again on the same port (as mppfc-s3's tests do).
 */
final class S3TestServer implements BeforeEachCallback, AfterEachCallback {

    static final String BUCKET = "mppfc-cli-test";
    static final String IDENTITY = "cli-test-identity";
    static final String CREDENTIAL = "cli-test-credential-kept-out-of-output";

    private Path root;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    @Override
    public void beforeEach(ExtensionContext extension) throws Exception {
        root = Files.createTempDirectory("s3proxy");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", root.toString());
        context = ContextBuilder.newBuilder("filesystem").credentials("unused", "unused").overrides(properties)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        start(0);
    }

    private void start(int onPort) throws Exception {
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V4, IDENTITY, CREDENTIAL).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        port = proxy.getPort();
    }

    void stop() throws Exception {
        proxy.stop();
    }

    void restart() throws Exception {
        start(port);
    }

    @Override
    public void afterEach(ExtensionContext extension) throws Exception {
        proxy.stop();
        context.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The credentials of the AWS chain, as a CI job sets them; no instance metadata is asked for. */
    static Map<String, String> environment(String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", secret, "AWS_EC2_METADATA_DISABLED",
                "true", "AWS_CONFIG_FILE", "/nonexistent/mppfc-test", "AWS_SHARED_CREDENTIALS_FILE",
                "/nonexistent/mppfc-test");
    }

    static Map<String, String> environment() {
        return environment(CREDENTIAL);
    }

    Set<String> objects() {
        return context.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive()).stream()
                .filter(m -> m.getType() == StorageType.BLOB).map(StorageMetadata::getName).collect(Collectors.toSet());
    }

    byte[] bytesOf(String object) throws java.io.IOException {
        try (var in = context.getBlobStore().getBlob(BUCKET, object).getPayload().openStream()) {
            return in.readAllBytes();
        }
    }
}
