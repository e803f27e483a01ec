package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.s3.FailingOneObject;
import io.mppfc.s3.S3ProxyServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A real S3 server that answers a read of one pack index with HTTP 500: that function is left out, the others are pulled, exit 1. */
@Timeout(300)
class PullOneUnreadableIT {

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path dir;

    private CliProcess.Result run(java.net.URI endpoint, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--shared", "s3://" + S3ProxyServer.BUCKET + "/team", "--shared-endpoint", endpoint.toString()));
        return CliProcess.run(dir, S3ProxyServer.environment(), all.toArray(String[]::new));
    }

    /** Pushes two functions from cache a; the key of the pack index of one (Grid.twice). */
    private String pushTwoFunctions() throws Exception {
        try (var twice = Mppfc.cache(Grid::twice).path(dir.resolve("a")).build();
                var picky = Mppfc.cache(Grid::picky).path(dir.resolve("a")).build()) {
            for (int x = 0; x < 20; x++) {
                twice.apply((long) x);
                picky.apply(x);
            }
        }
        CacheInventory.pack(dir.resolve("a"), null);
        assertThat(run(server.endpoint(), "push", "--cache", "a").exitCode()).isZero();
        return server.objects().stream().filter(o -> o.contains(".twice@") && o.endsWith(".idx")).findFirst()
                .orElseThrow();
    }

    @Test
    void aPackIndexTheServerFailsToGiveSkipsItsFunctionNamedAndPullsTheOthers() throws Exception {
        String index = pushTwoFunctions();

        CliProcess.Result pull;
        try (FailingOneObject failing = new FailingOneObject(server.endpoint(), index)) {
            pull = run(failing.endpoint(), "pull", "--cache", "b");
        }

        assertThat(pull.exitCode()).as(pull.all()).isEqualTo(1);
        assertThat(pull.err().lines().filter(l -> l.contains("did not pull"))).as(pull.all()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("mppfc pull: warning: did not pull " + Grid.class.getName() + ".twice@")
                        .contains(index.substring(index.indexOf('/') + 1)));
        assertThat(pull.out()).contains(".picky@").contains("20 entries new here").contains("twice")
                .contains("not pulled").contains("1 function of 2 not pulled");
        assertThat(pull.all()).doesNotContain("\tat ", "Exception");
    }

    @Test
    void anErrorCodeWithANewlineAndAnEscapeIsOneWarningLineShowingThemEscaped() throws Exception {
        String index = pushTwoFunctions();
        // XML 1.1 carries ESC as a character reference: ESC red, a forged warning on a line of its own, ESC reset
        String error = "<?xml version=\"1.1\" encoding=\"UTF-8\"?><Error><Code>&#x1b;[31mInternal\nmppfc: warning: forged"
                + "&#x1b;[0m</Code><Message>line one\nline two&#x1b;]0;title&#x7;</Message></Error>";

        CliProcess.Result pull;
        try (FailingOneObject failing = new FailingOneObject(server.endpoint(), index, error)) {
            pull = run(failing.endpoint(), "pull", "--cache", "b");
        }

        assertThat(pull.exitCode()).as(pull.all()).isEqualTo(1);
        assertThat(pull.err().lines().filter(l -> l.contains("did not pull"))).as(pull.all()).singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("answered HTTP 500 \\u001b[31mInternal\\nmppfc: warning: forged\\u001b[0m"));
        assertThat(pull.err().lines()).as(pull.all()).noneMatch(l -> l.startsWith("mppfc: warning: forged"));
        assertThat(pull.all()).doesNotContain("\u001b");
    }
}
