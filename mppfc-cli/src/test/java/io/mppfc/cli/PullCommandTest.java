package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mppfc pull} run in this JVM, against a store that cannot be reached. */
@Timeout(120)
class PullCommandTest {

    /** The AWS chain's credentials as system properties: nothing is asked of instance metadata. */
    private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", "pull-test",
            "aws.secretAccessKey", "pull-test-secret", "aws.disableEc2Metadata", "true");

    @TempDir
    Path dir;

    @BeforeEach
    void credentials() {
        CREDENTIALS.forEach(System::setProperty);
    }

    @AfterEach
    void noCredentials() {
        CREDENTIALS.keySet().forEach(System::clearProperty);
    }

    @Test
    void aPullFromAStoreThatCannotBeReachedMakesNoCacheDirectory() {
        Path cache = dir.resolve("new-cache");

        CliProcess.Result pull = CliInProcess.run("pull", "--cache", cache.toString(), "--shared", "s3://bucket/p",
                "--shared-endpoint", "http://127.0.0.1:1");

        assertThat(pull.exitCode()).as(pull.err()).isNotZero();
        assertThat(pull.err()).contains("could not be reached");
        assertThat(cache).doesNotExist();
    }
}
