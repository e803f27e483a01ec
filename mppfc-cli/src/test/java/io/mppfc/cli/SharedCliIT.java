package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import io.mppfc.s3.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --shared} on the real mppfc.jar, against a real S3 server: cache roots that share nothing but a bucket. */
@Timeout(300)
class SharedCliIT {

    private static final String TWICE = Grid.class.getName() + "::twice";

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path dir;

    private Path args(String... lines) throws Exception {
        return Files.writeString(dir.resolve("args.jsonl"), String.join("\n", lines) + "\n");
    }

    private String shared() {
        return "s3://" + S3ProxyServer.BUCKET + "/team/scan";
    }

    private CliProcess.Result run(Map<String, String> environment, String... args) throws Exception {
        return CliProcess.run(dir, environment, args);
    }

    private CliProcess.Result prewarm(String cache, Map<String, String> environment, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of("prewarm", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", dir.resolve("args.jsonl").toString(), "--workers", "1", "--cache", cache, "--shared", shared(),
                "--shared-endpoint", server.url()));
        all.addAll(List.of(more));
        return run(environment, all.toArray(String[]::new));
    }

    private CliProcess.Result get(String cache, String arguments, String... more) throws Exception {
        List<String> all = new ArrayList<>(List.of("get", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--args", arguments, "--cache", cache, "--shared", shared(), "--shared-endpoint", server.url()));
        all.addAll(List.of(more));
        return run(S3ProxyServer.environment(), all.toArray(String[]::new));
    }

    @Test
    void twoCacheRootsShareResultsOnlyThroughTheBucket() throws Exception {
        args("[1]", "[2]", "[3]");
        CliProcess.Result first = prewarm("a", S3ProxyServer.environment());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("3 computed, 0 already cached");
        assertThat(server.objects()).hasSize(3).allMatch(o -> o.startsWith("team/scan/"));

        CliProcess.Result got = get("b", "[2]");
        assertThat(got.exitCode()).as(got.all()).isZero();
        assertThat(got.out().strip()).isEqualTo("4");
        assertThat(dir.resolve("b")).as("get changes no cache, not even one it reads through").doesNotExist();

        CliProcess.Result second = prewarm("b", S3ProxyServer.environment());
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("0 computed, 3 already cached");
        assertThat(second.err()).isEmpty();
    }

    @Test
    void getWithoutTheBucketHoldingTheValueIsAMiss() throws Exception {
        CliProcess.Result got = get("b", "[7]");
        assertThat(got.exitCode()).as(got.all()).isEqualTo(1);
        assertThat(got.err()).contains("no cached result");
    }

    @Test
    void aMissOfGetSharedSaysItLookedInTheBucketTooNamingItWithoutCredentials() throws Exception {
        CliProcess.Result got = get("b", "[7]");
        assertThat(got.exitCode()).as(got.all()).isEqualTo(1);
        assertThat(got.err()).contains("and in the shared store " + shared() + " at " + server.url())
                .doesNotContain(S3ProxyServer.CREDENTIAL).doesNotContain(S3ProxyServer.IDENTITY);
        assertThat(got.err().strip().lines()).as("one line").hasSize(1);
    }

    @Test
    void wrongCredentialsAreOneLineNamingEndpointAndBucketAndExit2() throws Exception {
        args("[1]");
        String wrong = "a-wrong-secret-that-must-never-be-printed";
        CliProcess.Result run = prewarm("a", S3ProxyServer.environment(wrong));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().contains(S3ProxyServer.BUCKET)
                .contains(server.url()).contains("refused the credentials");
        assertThat(run.all()).doesNotContain(wrong).doesNotContain(S3ProxyServer.CREDENTIAL);
        assertThat(dir.resolve("a")).as("nothing is computed or stored").doesNotExist();
    }

    @Test
    void aMissingBucketIsOneLineAndExit2() throws Exception {
        CliProcess.Result run = run(S3ProxyServer.environment(), "get", "--function", TWICE, "--classpath",
                CliProcess.FIXTURES, "--args", "[1]", "--cache", "b", "--shared", "s3://no-such-bucket-here/p",
                "--shared-endpoint", server.url());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().contains("s3://no-such-bucket-here/p")
                .contains(server.url()).contains("no such bucket");
    }

    @Test
    void aMalformedSharedUrlIsBadInput() throws Exception {
        for (String[] bad : new String[][] {{"--shared", "http://bucket/p"}, {"--shared", "s3://"},
                {"--shared", "s3://Bad_Bucket/p"}, {"--shared", "s3://b-ok/p", "--shared-endpoint", "ftp://x"},
                {"--shared-endpoint", "http://127.0.0.1:9"}}) {
            List<String> all = new ArrayList<>(List.of("get", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                    "--args", "[1]", "--cache", "b"));
            all.addAll(List.of(bad));
            CliProcess.Result run = run(S3ProxyServer.environment(), all.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", bad) + ": " + run.all()).isEqualTo(2);
            assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).contains("--shared");
        }
    }

    @Test
    void aStoppedServerLeavesTheRunLocalSaysSoOnceAndTheNextRunUploads() throws Exception {
        args("[1]", "[2]");
        server.stop();
        CliProcess.Result run = prewarm("a", S3ProxyServer.environment(), "--report", "report.json");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.out()).contains("2 computed").contains("shared: 2 results not uploaded to " + shared());
        assertThat(run.err().split("is unavailable", -1)).as("said once: " + run.err()).hasSize(2);
        assertThat(Files.readString(dir.resolve("report.json"))).contains("\"sharedNotUploaded\" : 2");

        server.restart();
        CliProcess.Result next = prewarm("a", S3ProxyServer.environment());
        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.out()).contains("0 computed, 2 already cached");
        assertThat(server.objects()).as("what the first run left is uploaded by the next").hasSize(2);
    }

    @Test
    void argumentsKeptOutOfTheBucketAreNotInItsObjects() throws Exception {
        args("[123456789]");
        CliProcess.Result run = prewarm("a", S3ProxyServer.environment(), "--shared-without-arguments");
        assertThat(run.exitCode()).as(run.all()).isZero();
        String object = server.objects().iterator().next();
        assertThat(new String(server.bytesOf(object), StandardCharsets.ISO_8859_1)).doesNotContain("123456789");

        CliProcess.Result got = get("b", "[123456789]");
        assertThat(got.out().strip()).as(got.all()).isEqualTo("246913578");
    }

    @Test
    void signedResultsAreReadWithTheKeyAndAnUnreadableKeyFileIsBadInput() throws Exception {
        Path key = Files.write(dir.resolve("key"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        args("[5]");
        CliProcess.Result run = prewarm("a", S3ProxyServer.environment(), "--shared-signing-key-file", key.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();

        assertThat(get("b", "[5]", "--shared-signing-key-file", key.toString()).out().strip()).isEqualTo("10");
        CliProcess.Result unsigned = get("b", "[5]");
        assertThat(unsigned.exitCode()).as("a signed object read without the key is not an entry").isEqualTo(1);
        CliProcess.Result missing = get("b", "[5]", "--shared-signing-key-file", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--shared-signing-key-file").contains("nope");
    }

    @Test
    void aFailureRecordedOnOneRootIsSkippedOnAnotherWithSkipFailed() throws Exception {
        args("[-1]", "[2]");
        List<String> picky = List.of("prewarm", "--function", Grid.class.getName() + "::picky", "--classpath",
                CliProcess.FIXTURES, "--args", dir.resolve("args.jsonl").toString(), "--workers", "1", "--shared",
                shared(), "--shared-endpoint", server.url(), "--skip-failed", "--cache");
        List<String> onA = new ArrayList<>(picky);
        onA.add("a");
        CliProcess.Result first = run(S3ProxyServer.environment(), onA.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(server.objects()).as("the result and the failure record").hasSize(2)
                .anyMatch(o -> o.contains("/failures/"));

        List<String> onB = new ArrayList<>(picky);
        onB.add("b");
        CliProcess.Result second = run(S3ProxyServer.environment(), onB.toArray(String[]::new));
        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains("0 computed, 1 already cached").contains("1 known from earlier runs");
    }
}
