package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host says on stderr while it refuses a shipment is data from the network: the failure
 * is one bounded line, with nothing in it that a terminal would obey. The host is a real process
 * standing in for {@code ssh} (it ignores its arguments and speaks as a hostile host would).
 */
@Timeout(120)
class ShipmentStderrTest {

    @TempDir
    Path dir;

    /** The failure of a shipment to a host whose "ssh" runs {@code script}. */
    private String failureOfShippingTo(String script) throws Exception {
        Path ssh = dir.resolve("ssh");
        Files.writeString(ssh, "#!/bin/sh\ncat > /dev/null\n" + script + "\n");
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        ClasspathShipper shipper = new ClasspathShipper(new SshConnection(ssh.toString(), null, null,
                Duration.ofSeconds(5), List.of()), ".cache/mppfc/jars", () -> 1);
        SshHost host = SshHost.parse("node1");

        shipper.ship(host, ShippedClasspath.of(app.toString()).jars());
        CompletableFuture<Void> shipment = shipper.pending(host);
        if (shipment != null) {
            shipment.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        }
        return shipper.failure(host);
    }

    @Test
    void aHostsTerminalEscapesAreShownNotObeyed() throws Exception {
        String failure = failureOfShippingTo("printf 'tar: \\033]0;owned\\007\\033[2Jcannot write\\r\\n' >&2; exit 2");

        assertThat(failure).contains("tar: \\u001b]0;owned\\u0007\\u001b[2Jcannot write")
                .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\r");
    }

    @Test
    void aHostsNoRoomLineMissingItsFieldsIsShownAsSaidNotAParserCrash() throws Exception {
        String failure = failureOfShippingTo("echo '" + ShipScripts.NO_ROOM + "12' >&2; exit 73");

        assertThat(failure).isEqualTo("cannot ship the classpath to SSH host node1: " + ShipScripts.NO_ROOM
                + "12 (exit code 73)");
    }

    @Test
    void aHostsEndlessLineIsCutInTheFailure() throws Exception {
        String failure = failureOfShippingTo("head -c 50000000 /dev/zero | tr '\\0' x >&2; exit 2");

        assertThat(failure).startsWith("cannot ship the classpath to SSH host node1: xxx").hasSizeLessThan(2000)
                .contains("more characters");
    }
}
