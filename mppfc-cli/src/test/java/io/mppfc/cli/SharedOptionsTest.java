package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** --shared and its options as every command parses them, refused before any request is sent. */
class SharedOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        SharedOptions shared;
    }

    private static SharedOptions.Opened open(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.shared.open();
    }

    @Test
    void anEndpointHoldingCredentialsIsAUsageErrorThatDoesNotRepeatThem() {
        assertThatThrownBy(() -> open("--shared", "s3://bucket/p", "--shared-endpoint",
                "http://AKIAID:TopSecret@127.0.0.1:1")).isInstanceOf(UsageException.class)
                .hasMessageContaining("credentials").hasMessageContaining("http://127.0.0.1:1")
                .hasMessageNotContaining("TopSecret").hasMessageNotContaining("AKIAID");
    }

    @Test
    void aBucketUrlHoldingCredentialsIsAUsageErrorThatDoesNotRepeatThem() {
        assertThatThrownBy(() -> open("--shared", "s3://AKIAID:TopSecret@bucket/p", "--shared-endpoint",
                "http://127.0.0.1:1")).isInstanceOf(UsageException.class).hasMessageContaining("credentials")
                .hasMessageNotContaining("TopSecret").hasMessageNotContaining("AKIAID");
    }

    @Test
    @Timeout(60)
    void aSigningKeyFileThatNeverEndsIsOneUsageLine() {
        assertThatThrownBy(() -> open("--shared", "s3://bucket/p", "--shared-endpoint", "http://127.0.0.1:1",
                "--shared-signing-key-file", "/dev/zero")).isInstanceOf(UsageException.class)
                .hasMessage("--shared-signing-key-file /dev/zero: it holds more than 4096 bytes, so it is not a "
                        + "signing key (at least 32 random bytes, such as head -c 32 /dev/urandom > key)");
    }
}
