package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cli.fixtures.Grid;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A CI job's prewarm: reports its test reporter reads, failures remembered between runs. */
@Timeout(180)
class CiReportsIT {

    @TempDir
    Path dir;

    private CliProcess.Result prewarm(String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("prewarm", "--function", Grid.class.getName() + "::picky",
                "--classpath", CliProcess.FIXTURES, "--args", dir.resolve("args.jsonl").toString(), "--cache", "c",
                "--workers", "2", "--junit-report", "report.xml", "--summary-markdown", "summary.md"));
        command.addAll(List.of(more));
        return CliProcess.run(dir, command.toArray(String[]::new));
    }

    @Test
    void theJUnitReportIsValidAntJUnitXmlWithATestCasePerTupleAndTheFailureTrace() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[2]", "[-3]"));
        CliProcess.Result run = prewarm();
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);

        Document report = validated(dir.resolve("report.xml"));
        NodeList cases = report.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element failure = (Element) report.getElementsByTagName("failure").item(0);
        assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("[-3]");
        assertThat(failure.getAttribute("type")).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(failure.getAttribute("message")).isEqualTo("negative input -3");
        assertThat(failure.getTextContent()).contains("at " + Grid.class.getName() + ".picky");
        Element suite = (Element) report.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");

        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("| computed | 2 |").contains("| failed | 1 |").contains("| `[-3]` | `"
                + IllegalArgumentException.class.getName() + "`: negative input -3 |");
    }

    @Test
    void aRerunWithSkipFailedReportsKnownFailuresWithoutComputingThemAndFailsOnlyOnNewOnes() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[-3]"));
        assertThat(prewarm().exitCode()).isEqualTo(1);

        CliProcess.Result known = prewarm("--skip-failed");
        assertThat(known.exitCode()).as(known.all()).isZero();
        assertThat(known.out()).contains("0 computed, 1 already cached, 1 failed (1 known from earlier runs, not run "
                + "again)").contains(": 2 tuples, 1 already cached, 1 known to fail (skipped), 0 to compute\n")
                .contains("  SKIPPED [-3]: java.lang.IllegalArgumentException: negative input -3 (it threw this in an "
                        + "earlier run");
        Document report = validated(dir.resolve("report.xml"));
        assertThat(report.getElementsByTagName("failure").getLength()).as("exit 0: nothing red").isZero();
        Element skipped = (Element) report.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("(a known failure, not run again) "
                + IllegalArgumentException.class.getName() + ": negative input -3");
        assertThat(skipped.getTextContent()).as("the stored trace").contains("at " + Grid.class.getName() + ".picky");
        Element suite = (Element) report.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        assertThat(suite.getAttribute("failures")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(Files.readString(dir.resolve("summary.md")).split("### mppfc prewarm")).as("appended").hasSize(3);

        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[-3]", "[-5]"));
        CliProcess.Result newFailure = prewarm("--skip-failed");
        assertThat(newFailure.exitCode()).as("a new failure fails the job").isEqualTo(1);

        CliProcess.Result listed = CliProcess.run(dir, "failures", "--cache", "c");
        assertThat(listed.out()).contains(" [-3] exception: " + IllegalArgumentException.class.getName()
                + ": negative input -3").contains(" [-5] exception: ").contains("2 recorded failures");
        CliProcess.Result json = CliProcess.run(dir, "failures", "--cache", "c", "--function",
                Grid.class.getName() + "::picky", "--json");
        assertThat(json.out().lines()).hasSize(2).allMatch(l -> l.contains("\"kind\":\"THREW\"")
                && l.contains("\"stackTrace\":\"java.lang.IllegalArgumentException: negative input"));
        assertThat(CliProcess.run(dir, "failures", "clear", "--cache", "c").out()).contains("removed 2 failure records");
        assertThat(CliProcess.run(dir, "failures", "--cache", "c").out()).contains("0 recorded failures");
    }

    @Test
    void withoutSkipFailedEarlierExceptionsAreSaidPlainlyToBeComputedAgain() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[-3]", "[-5]"));
        assertThat(prewarm().exitCode()).isEqualTo(1);
        CliProcess.Result again = prewarm();
        assertThat(again.exitCode()).as(again.all()).isEqualTo(1);
        assertThat(again.out()).contains("2 to compute (2 failed in an earlier run: computed again)")
                .doesNotContain("not the function's answer");
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary).contains("| earlier failures computed again | 2 |").doesNotContain("timeouts, deaths");
    }

    @Test
    void whenEverythingIsCachedTheJUnitReportListsEveryTupleAsPassed() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[2]"));
        assertThat(prewarm().exitCode()).isZero();
        CliProcess.Result cached = prewarm();
        assertThat(cached.exitCode()).as(cached.all()).isZero();
        Document report = validated(dir.resolve("report.xml"));
        Element suite = (Element) report.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("2");
        NodeList cases = report.getElementsByTagName("testcase");
        assertThat(List.of(((Element) cases.item(0)).getAttribute("name"), ((Element) cases.item(1)).getAttribute("name")))
                .as("the same names as when they were computed").containsExactlyInAnyOrder("[1]", "[2]");
    }

    @Test
    void aTimeoutIsListedOnOneLineAndARerunWithSkipFailedComputesItAgain() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[3.0]"));
        String[] slow = {"prewarm", "--function", Grid.class.getName() + "::slow", "--classpath", CliProcess.FIXTURES,
                "--args", "args.jsonl", "--cache", "c", "--workers", "1"};
        List<String> timedOut = new ArrayList<>(List.of(slow));
        timedOut.addAll(List.of("--task-timeout", "500ms"));
        CliProcess.Result first = CliProcess.run(dir, timedOut.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.all()).isEqualTo(1);
        assertThat(first.out()).contains("  TIMED OUT [3.0]: the task ran longer than the task timeout");
        assertThat(first.out().lines()).as("no blank line after a failure without a frame")
                .noneMatch(String::isBlank);

        List<String> again = new ArrayList<>(List.of(slow));
        again.add("--skip-failed");
        CliProcess.Result rerun = CliProcess.run(dir, again.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.all()).isZero();
        assertThat(rerun.out()).contains("1 to compute (1 failed in an earlier run in a way that may not recur, "
                + "1 timeout: computed again)").contains("1 computed, 0 already cached, 0 failed");
    }

    @Test
    void aFiftyMillisecondFailureShowsItsTime() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[-1]"));
        CliProcess.Result run = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::brief",
                "--classpath", CliProcess.FIXTURES, "--args", "args.jsonl", "--cache", "c", "--workers", "1",
                "--junit-report", "report.xml");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains(": 1 tuple, 0 already cached, 1 to compute with 1 worker\n");
        Element testCase = (Element) validated(dir.resolve("report.xml")).getElementsByTagName("testcase").item(0);
        assertThat(Double.parseDouble(testCase.getAttribute("time"))).isGreaterThanOrEqualTo(0.045);
        String listed = CliProcess.run(dir, "failures", "--cache", "c").out();
        assertThat(listed).containsPattern(", \\d+ms\\)\n").doesNotContain(", 0s)");
    }

    @Test
    void staleAfterComputesAgainTheResultsStoredLongerAgoInWorkers() throws Exception {
        Files.write(dir.resolve("args.jsonl"), List.of("[1]", "[2]"));
        assertThat(prewarm().out()).contains("2 computed, 0 already cached");
        Thread.sleep(600);

        assertThat(prewarm("--stale-after", "1h").out()).contains("0 computed, 2 already cached");
        CliProcess.Result stale = prewarm("--stale-after", "500ms");
        assertThat(stale.exitCode()).as(stale.all()).isZero();
        assertThat(stale.out()).contains("2 computed, 0 already cached");
        assertThat(CacheInventory.count(CliProcess.functionDirectory(dir.resolve("c"), Grid.class.getName() + ".picky")))
                .as("replaced, not added").isEqualTo(2);
        assertThat(prewarm("--stale-after", "0s").err()).contains("--stale-after: give a positive duration");
    }

    /**
     * Checked against the Windy Road schema of Apache Ant's JUnit XML, the strictest of the
     * formats the reporters read. junit-model ships it in a namespace of its own; the reports,
     * like Ant's, have none, so the copy is taken out of that namespace first.
     */
    static Document validated(Path file) throws Exception {
        String xsd;
        try (InputStream in = CiReportsIT.class.getResourceAsStream("/xsd/junit.xsd")) {
            xsd = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace(" targetNamespace=\"urn:junit.baev.github.com\"", "")
                    .replace("xmlns:ns=\"urn:junit.baev.github.com\"", "").replace("\"ns:", "\"")
                    // Surefire's <skipped> and skipped count, which the reporters read, beyond Ant's schema
                    .replaceFirst("<xs:choice minOccurs=\"0\">", "<xs:choice minOccurs=\"0\"><xs:element name=\"skipped\">"
                            + "<xs:complexType><xs:simpleContent><xs:extension base=\"xs:string\">"
                            + "<xs:attribute name=\"message\" type=\"xs:string\"/></xs:extension></xs:simpleContent>"
                            + "</xs:complexType></xs:element>")
                    .replaceFirst("<xs:attribute name=\"errors\"", "<xs:attribute name=\"skipped\" type=\"xs:int\"/>"
                            + "<xs:attribute name=\"errors\"");
        }
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(new StringReader(xsd)))
                .newValidator().validate(new StreamSource(file.toFile()));
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
