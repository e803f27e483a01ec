package io.mppfc.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A real S3 server for one test: s3proxy on loopback, on an ephemeral port, with signature-v4
 * authentication and jclouds' file-system backend in a directory of its own, holding the bucket
 * {@link #BUCKET}. It can be stopped and started again on the same port, as a store that goes
 * away mid-run and comes back. The command line's tests use it too (this module's test-jar): their
 * {@code mppfc} process reaches it with {@link #environment()}'s credentials.
 */
public final class S3ProxyServer implements BeforeEachCallback, AfterEachCallback {

    public static final String BUCKET = "mppfc-test";
    public static final String IDENTITY = "test-identity";
    public static final String CREDENTIAL = "test-credential-not-secret";

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
        proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V4, IDENTITY, CREDENTIAL)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!proxy.getState().equals("STARTED") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        port = proxy.getPort();
    }

    /** Stops serving (connections are refused) until {@link #restart()}. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Serves again, on the same port and with the same objects. */
    public void restart() throws Exception {
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

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The endpoint as {@code --shared-endpoint} takes it. */
    public String url() {
        return endpoint().toString();
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    /** The names of the objects in the bucket. */
    public java.util.Set<String> objects() {
        return blobs().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive()).stream()
                .filter(m -> m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB)
                .map(org.jclouds.blobstore.domain.StorageMetadata::getName)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Replaces an object's bytes behind the store's back, as anyone with write access to the bucket can. */
    void replace(String object, byte[] bytes) {
        blobs().putBlob(BUCKET, blobs().blobBuilder(object).payload(bytes).build());
    }

    public byte[] bytesOf(String object) throws java.io.IOException {
        try (var in = blobs().getBlob(BUCKET, object).getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    /** The credentials of the AWS chain, as a CI job sets them; no instance metadata is asked for. */
    public static java.util.Map<String, String> environment(String secret) {
        return java.util.Map.of("AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_EC2_METADATA_DISABLED", "true", "AWS_CONFIG_FILE", "/nonexistent/mppfc-test",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/mppfc-test");
    }

    /** {@link #environment(String)} with this server's own secret. */
    public static java.util.Map<String, String> environment() {
        return environment(CREDENTIAL);
    }

    /** A store of this server's bucket under {@code prefix}, with the server's credentials. */
    public S3Store store(String prefix) {
        return builder(prefix).build();
    }

    S3Store.Builder builder(String prefix) {
        return S3Store.builder().bucket(BUCKET).prefix(prefix).endpoint(endpoint())
                .timeout(java.time.Duration.ofSeconds(5))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)));
    }

    /** Dates an object's last write back to {@code when}, as an upload made then would be (the file backend's time). */
    void age(String object, java.time.Instant when) throws java.io.IOException {
        Files.setLastModifiedTime(root.resolve(BUCKET).resolve(object), java.nio.file.attribute.FileTime.from(when));
    }
}
