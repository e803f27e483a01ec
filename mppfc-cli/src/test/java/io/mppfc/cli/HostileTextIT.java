package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Text from a function (an exception's message) and from disk (a failure record's host) is data:
 * what the commands print to a terminal holds no control character and keeps one line per item,
 * and the JSON, JUnit XML and Markdown outputs stay well-formed and carry the text whole.
 */
@Timeout(180)
class HostileTextIT {

    /** ESC and OSC sequences, BEL, NUL, CR, a newline starting a fake line, a C1 CSI, a bidi override. */
    static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J a\u0000b\rc\nFAKE LINE\u009b1m\u202eevil";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static void assertSafeForATerminal(String output) {
        assertThat(output.chars().filter(c -> c != '\n' && (c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x202e)))
                .as("control characters in %s", output).isEmpty();
        assertThat(output.lines()).noneMatch(l -> l.startsWith("FAKE LINE"));
    }

    private CliProcess.Result prewarmHostile() throws Exception {
        Files.writeString(dir.resolve("args.jsonl"), "[" + JSON.writeValueAsString(HOSTILE) + "]\n");
        return CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::hostile", "--classpath",
                CliProcess.FIXTURES, "--args", "args.jsonl", "--cache", "c", "--workers", "1", "--junit-report",
                "report.xml", "--summary-markdown", "summary.md", "--report", "report.json");
    }

    @Test
    void thePrewarmSummaryShowsAHostileMessageEscapedOnOneLine() throws Exception {
        CliProcess.Result run = prewarmHostile();
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertSafeForATerminal(run.out());
        assertSafeForATerminal(run.err());
        // the tuple as --args takes it (a JSON string, quoted), the message as the function gave it: both escaped
        assertThat(run.out()).contains("FAILED [\"\\u001b]0;owned\\u0007\\u001b[2J a\\u0000b\\rc\\nFAKE LINE"
                + "\\u009b1m\\u202eevil\"]: java.lang.IllegalArgumentException: \\u001b]0;owned");
    }

    @Test
    void theReportsStayWellFormedAndCarryTheTextWhole() throws Exception {
        prewarmHostile();
        Document junit = CiReportsIT.validated(dir.resolve("report.xml"));
        Element failure = (Element) junit.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(failure.getTextContent()).contains("FAKE LINE");
        JsonNode report = JSON.readTree(dir.resolve("report.json").toFile());
        assertThat(report.get("failures").get(0).get("message").asText()).isEqualTo(HOSTILE);
        List<String> table = Files.readAllLines(dir.resolve("summary.md")).stream().filter(l -> l.contains("owned"))
                .toList();
        assertThat(table).singleElement().asString().startsWith("| `").endsWith(" |").doesNotContain("\u001b");
    }

    @Test
    void failuresListsAHostileMessageEscapedAndItsJsonCarriesItWhole() throws Exception {
        prewarmHostile();
        CliProcess.Result listed = CliProcess.run(dir, "failures", "--cache", "c");
        assertThat(listed.exitCode()).as(listed.all()).isZero();
        assertSafeForATerminal(listed.out());
        assertThat(listed.out().lines()).hasSize(2).last().isEqualTo("1 recorded failure");
        CliProcess.Result json = CliProcess.run(dir, "failures", "--cache", "c", "--json");
        assertThat(json.out().lines()).hasSize(1);
        assertThat(JSON.readTree(json.out()).get("message").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void aForgedHostFieldAddsNoLineAndJsonShowsTheHostName() throws Exception {
        prewarmHostile();
        Path function = CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".hostile");
        new FailureRecords(function).record(new FailureRecords.Failure(CacheKey.of(Footprint.sha256(7L)),
                Footprint.ofArguments(new Object[] {"x"}), FailureKind.THREW, "java.lang.IllegalStateException", "m",
                "", "host vm\nFAKE LINE: 0 recorded failures", Duration.ofMillis(50), 1, Instant.now()));
        CliProcess.Result listed = CliProcess.run(dir, "failures", "--cache", "c");
        assertSafeForATerminal(listed.out());
        assertThat(listed.out()).contains("(host vm\\nFAKE LINE: 0 recorded failures, ").contains(", 50ms)")
                .endsWith("2 recorded failures\n");
        List<JsonNode> lines = CliProcess.run(dir, "failures", "--cache", "c", "--json").out().lines()
                .map(HostileTextIT::parse).toList();
        assertThat(lines).extracting(l -> l.get("host").asText()).contains("vm\nFAKE LINE: 0 recorded failures")
                .noneMatch(h -> h.startsWith("host "));
    }

    @Test
    void aRecordWithUnreadableArgumentsIsNamedAndTheOthersListed() throws Exception {
        prewarmHostile();
        Path function = CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".hostile");
        CacheKey bad = CacheKey.of(Footprint.sha256(8L));
        new FailureRecords(function).record(new FailureRecords.Failure(bad, new byte[] {1, 2, 3}, FailureKind.THREW,
                "java.lang.IllegalStateException", "m", "", "host vm", Duration.ofMillis(5), 1, Instant.now()));
        CliProcess.Result listed = CliProcess.run(dir, "failures", "--cache", "c");
        assertThat(listed.exitCode()).as(listed.all()).isZero();
        assertThat(listed.out()).contains("java.lang.IllegalArgumentException").endsWith("1 recorded failure\n");
        assertThat(listed.err()).contains(bad.hex()).contains("its arguments cannot be read");
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void lsShowsHostileArgumentsEscapedOnOneLine() throws Exception {
        Files.writeString(dir.resolve("args.jsonl"), "[" + JSON.writeValueAsString(HOSTILE) + "]\n");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::length",
                "--classpath", CliProcess.FIXTURES, "--args", "args.jsonl", "--cache", "c", "--workers", "1");
        assertThat(run.exitCode()).as(run.all()).isZero();
        CliProcess.Result listed = CliProcess.run(dir, "ls", "--cache", "c", "--function",
                Grid.class.getName() + "::length");
        assertThat(listed.exitCode()).as(listed.all()).isZero();
        assertSafeForATerminal(listed.out());
        assertThat(listed.out().lines()).hasSize(1).first().asString().contains("\\u202eevil");
    }

    @Test
    void aPrewarmWhoseFunctionThrowsAMessageOverAMegabyteFinishesWithTheMessageCut() throws Exception {
        Files.writeString(dir.resolve("args.jsonl"), "[\"" + "m".repeat(600_000) + "\"]\n");
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::hostile",
                "--classpath", CliProcess.FIXTURES, "--args", "args.jsonl", "--cache", "c", "--workers", "1",
                "--report", "report.json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("0 computed, 0 already cached, 1 failed");
        assertThat(run.out().lines().filter(l -> l.startsWith("  FAILED "))).singleElement().asString()
                .hasSizeLessThan(2 * Terminal.LINE_ITEM + 200);
        assertThat(JSON.readTree(dir.resolve("report.json").toFile()).get("failures").get(0).get("message").asText())
                .endsWith("[cut by mppfc: 600000 characters, the first 8072 kept]");
    }
}
