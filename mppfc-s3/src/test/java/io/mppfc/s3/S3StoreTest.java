package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.SharedStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class S3StoreTest {

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();

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
    void describesItselfByBucketPrefixAndEndpointOnly() {
        try (S3Store store = server.store("team/scan")) {
            assertThat(store).hasToString("s3://" + S3ProxyServer.BUCKET + "/team/scan at " + server.endpoint());
        }
    }
}
