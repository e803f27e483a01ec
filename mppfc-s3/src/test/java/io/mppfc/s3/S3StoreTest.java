package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.SharedStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3StoreTest {

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path dir;

    @Test
    void anObjectPutIsGotBackUnderThePrefix() throws IOException {
        try (S3Store store = server.store("team/scan")) {
            store.put("f@v1/ab", "hello".getBytes(StandardCharsets.UTF_8));

            assertThat(store.get("f@v1/ab", 100)).asString(StandardCharsets.UTF_8).isEqualTo("hello");
            assertThat(server.blobs().blobExists(S3ProxyServer.BUCKET, "team/scan/f@v1/ab")).isTrue();
        }
    }

    @Test
    void aMissingObjectIsNull() throws IOException {
        try (S3Store store = server.store("p")) {
            assertThat(store.get("f@v1/none", 100)).isNull();
        }
    }

    @Test
    void anObjectLargerThanAskedForIsRefusedBeforeItsBodyIsRead() throws IOException {
        try (S3Store store = server.store("p")) {
            store.put("big", new byte[1000]);

            assertThatThrownBy(() -> store.get("big", 999)).isInstanceOf(SharedStore.ObjectTooLargeException.class)
                    .hasMessageContaining("1000 bytes");
        }
    }

    @Test
    void wrongCredentialsAreOneErrorNamingTheEndpointAndTheBucket() {
        try (S3Store store = server.builder("p")
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.IDENTITY, "wrong")))
                .build()) {
            assertThatThrownBy(() -> store.get("k", 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://" + S3ProxyServer.BUCKET + "/p at " + server.endpoint())
                    .hasMessageContaining("refused the credentials")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void aListingOfMoreObjectsThanItsBoundIsOneErrorSayingWhatToDo() throws IOException {
        try (S3Store store = server.builder("p").maxListed(5).build()) {
            for (int i = 0; i < 8; i++) {
                store.put("f/" + Integer.toString(i).repeat(64).substring(0, 64), new byte[] {1});
            }

            assertThatThrownBy(() -> store.list("")).isInstanceOf(IOException.class)
                    .hasMessageContaining("holds more than 5 objects")
                    .hasMessageContaining("s3://" + S3ProxyServer.BUCKET + "/p at " + server.endpoint())
                    .hasMessageContaining("give this cache a prefix of its own");
            assertThat(store.list("f/0")).as("a listing within the bound").hasSize(1);
        }
    }

    @Test
    @Timeout(60)
    void aStoreWhoseListingNeverEndsIsAskedForABoundedNumberOfPages() throws IOException {
        try (FaultServer endless = new FaultServer(FaultServer.Fault.ENDLESS_LISTING);
                S3Store store = faulty(endless).maxListed(1000).build()) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(IOException.class)
                    .hasMessageContaining("went on for more than " + S3Objects.maxPages(1000) + " pages")
                    .hasMessageNotContaining("\n");
            assertThat(endless.requests()).isEqualTo((int) S3Objects.maxPages(1000));
        }
    }

    @Test
    @Timeout(60)
    void aStoreThatRepeatsItsContinuationTokenIsOneErrorAfterTwoPages() throws IOException {
        try (FaultServer loop = new FaultServer(FaultServer.Fault.LISTING_LOOP);
                S3Store store = faulty(loop).build()) {
            assertThatThrownBy(() -> store.list("")).isInstanceOf(IOException.class)
                    .hasMessageContaining("repeats itself");
            assertThat(loop.requests()).isEqualTo(2);
        }
    }

    private static S3Store.Builder faulty(FaultServer server) {
        return S3Store.builder().bucket("bkt").endpoint(server.endpoint()).timeout(java.time.Duration.ofSeconds(5))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
    }

    @Test
    void describesItselfByBucketPrefixAndEndpointOnly() {
        try (S3Store store = server.store("team/scan")) {
            assertThat(store).hasToString("s3://" + S3ProxyServer.BUCKET + "/team/scan at " + server.endpoint());
        }
    }

    @Test
    void anEndpointHoldingCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3Store.builder().endpoint(URI.create("http://AKIAID:TopSecret@minio.lan:9000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials")
                .hasMessageNotContaining("TopSecret").hasMessageNotContaining("AKIAID");
    }

    @Test
    @Timeout(60)
    void aSigningKeyFileThatNeverEndsIsRefusedWithoutReadingItAll() {
        assertThatThrownBy(() -> S3Store.builder().signingKeyFile(Path.of("/dev/zero")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/dev/zero")
                .hasMessageContaining("more than " + Signing.MAX_KEY + " bytes");
    }

    @Test
    void aSigningKeyFileLargerThanAnyKeyIsRefused() throws IOException {
        Path jar = Files.write(dir.resolve("app.jar"), new byte[Signing.MAX_KEY + 1]);
        assertThatThrownBy(() -> S3Store.builder().signingKeyFile(jar)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than " + Signing.MAX_KEY + " bytes");
    }

    @Test
    void aFileGotIsNeverWrittenThroughALinkAtItsName() throws IOException {
        Path elsewhere = Files.writeString(dir.resolve("someone-elses"), "kept");
        Path target = Files.createSymbolicLink(dir.resolve("pack"), elsewhere);
        try (S3Store store = server.store("p")) {
            store.put("f@v1/packs/x", "from the bucket".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> store.getFile("f@v1/packs/x", target, 1000)).isInstanceOf(IOException.class);
        }
        assertThat(Files.readString(elsewhere)).isEqualTo("kept");
    }

    @Test
    void aFileIsNeverUploadedThroughALinkAtItsName() throws IOException {
        Path secret = Files.writeString(dir.resolve("credentials"), "aws_secret_access_key = x");
        Path pack = Files.createSymbolicLink(dir.resolve("pack"), secret);
        try (S3Store store = server.store("p")) {
            assertThatThrownBy(() -> store.putFile("f@v1/packs/x", pack)).isInstanceOf(IOException.class)
                    .hasMessageContaining("link");
            assertThat(store.get("f@v1/packs/x", 1000)).isNull();
        }
    }

    /** A machine where the AWS chain finds nothing: no environment, no profile file, no instance metadata. */
    @Test
    void noCredentialsAnywhereIsOneRefusalSayingWhereTheyAreLookedFor() {
        java.util.Map<String, String> nowhere = java.util.Map.of("aws.disableEc2Metadata", "true",
                "aws.configFile", dir.resolve("no-config").toString(),
                "aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        nowhere.forEach(System::setProperty);
        try (S3Store store = S3Store.builder().bucket(S3ProxyServer.BUCKET).prefix("p").endpoint(server.endpoint())
                .build()) {
            assertThatThrownBy(() -> store.get("k", 100)).isInstanceOf(StoreRefusedException.class)
                    .hasMessageStartingWith("s3://" + S3ProxyServer.BUCKET + "/p at " + server.endpoint()
                            + " needs credentials, and the AWS chain found none")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID").hasMessageNotContaining("Provider");
        } finally {
            nowhere.keySet().forEach(System::clearProperty);
        }
    }

    /** AWS itself, as a new user names it: a bucket and credentials, no region anywhere (no AWS_REGION, no profile). */
    @Test
    void aStoreOnAwsNeedsNoRegionGiven() {
        java.util.Map<String, String> nowhere = java.util.Map.of("aws.disableEc2Metadata", "true",
                "aws.configFile", dir.resolve("no-config").toString(),
                "aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        nowhere.forEach(System::setProperty);
        try (S3Store store = S3Store.builder().bucket("team-cache").prefix("scan").build()) {
            assertThat(store).hasToString("s3://team-cache/scan");
        } finally {
            nowhere.keySet().forEach(System::clearProperty);
        }
    }
}
