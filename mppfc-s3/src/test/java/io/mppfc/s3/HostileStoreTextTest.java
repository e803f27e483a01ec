package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Mppfc;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPush;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A store whose error code holds a newline and ESC sequences (a broken or hostile server): what
 * it said is shown as data, escaped on one line, in the exception and in the library's warning.
 */
class HostileStoreTextTest extends SharedStoreFixture {

    /** {@link FaultServer#HOSTILE_CODE} as it is shown. */
    private static final String SHOWN = "\\u001b[31mInternal\\nmppfc: warning: forged\\u001b[0m";


    static long square(long x) {
        return x * x;
    }

    private static S3Store store(FaultServer faulty) {
        return S3Store.builder().bucket("bkt").endpoint(faulty.endpoint()).timeout(Duration.ofSeconds(5))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))).build();
    }

    @Test
    void anErrorCodeWithANewlineAndAnEscapeIsOneLineOfTheExceptionShownEscaped() throws IOException {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.HOSTILE_ERROR); S3Store store = store(faulty)) {
            assertThatThrownBy(() -> store.get("k", 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("answered HTTP 500 " + SHOWN + " for k")
                    .hasMessageNotContaining("\n").hasMessageNotContaining("\u001b");
        }
    }

    @Test
    void theUnavailableWarningShowsTheErrorCodeEscapedOnOneLine() throws IOException {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.HOSTILE_ERROR); S3Store store = store(faulty)) {
            try (var f = Mppfc.cache(HostileStoreTextTest::square).path(temp).shared(store).build()) {
                assertThat(f.apply(3L)).isEqualTo(9L);
            }
        }
        assertThat(log.text().lines().filter(l -> l.contains("is unavailable"))).singleElement()
                .satisfies(l -> assertThat(l).contains(SHOWN));
        assertThat(log.text()).doesNotContain("\u001b").doesNotContain("\nmppfc: warning: forged");
    }

    /** The one line of the log that holds {@code part}, which shows the hostile code escaped; no raw ESC anywhere. */
    private void assertOneEscapedLine(String part) throws IOException {
        assertThat(log.text().lines().filter(l -> l.contains(part))).as(log.text()).singleElement()
                .satisfies(l -> assertThat(l).contains(SHOWN));
        assertThat(log.text()).doesNotContain("\u001b").doesNotContain("\nmppfc: warning: forged");
    }

    @Test
    void theUploadWarningsShowTheErrorCodeEscapedOnOneLine() throws IOException {
        try (FaultServer faulty = new FaultServer(FaultServer.Fault.HOSTILE_UPLOADS); S3Store store = store(faulty)) {
            try (var f = Mppfc.cache(HostileStoreTextTest::square).path(temp).shared(store).build()) {
                assertThat(f.apply(3L)).isEqualTo(9L);
            }
        }
        assertOneEscapedLine("uploads to the shared store");
        assertOneEscapedLine("not uploaded to the shared store");
    }

    @Test
    void theIgnoredPackWarningShowsTheErrorCodeEscapedOnOneLine() throws Exception {
        Path a = temp.resolve("a");
        try (var f = Mppfc.cache(HostileStoreTextTest::square).path(a).build()) {
            for (long x = 0; x < 10; x++) {
                f.apply(x);
            }
        }
        CacheInventory.pack(a, null);
        try (S3Store direct = server.store("p")) {
            SharedPush.push(a, direct, null, SharedProgress.NONE);
        }
        String pack = server.objects().stream().filter(o -> o.endsWith(".mpk")).findFirst().orElseThrow();

        try (FailingOneObject failing = new FailingOneObject(server.endpoint(), pack, FaultServer.HOSTILE_BODY);
                S3Store store = server.builder("p").endpoint(failing.endpoint()).build();
                var f = Mppfc.cache(HostileStoreTextTest::square).path(temp.resolve("b")).shared(store).build()) {
            for (long x = 0; x < 10; x++) {
                assertThat(f.apply(x)).isEqualTo(x * x);
            }
        }
        assertOneEscapedLine("ignored " + pack.substring("p/".length()));
    }
}
