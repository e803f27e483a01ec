package io.mppfc.cli;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.HostName;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The reports a CI system reads: JUnit XML (the Apache Ant format of the Windy Road schema,
 * which Jenkins, GitLab and GitHub's test reporters display) and a Markdown summary for
 * {@code $GITHUB_STEP_SUMMARY}. One test case per tuple, cached ones included: a test is then the
 * same test from run to run (named by its arguments), passed whether this run computed it or
 * found it cached, so a reporter's count and trend stay steady and an all-cached run is not
 * shown as an empty one. A known failure not run again (--skip-failed) is {@code <skipped>}
 * with its stored trace, as the exit code treats it; {@code <skipped>} is Surefire's element,
 * beyond Ant's schema, and read by Jenkins, GitLab and GitHub's reporters.
 */
final class PrewarmReports {

    private static final int MARKDOWN_FAILURES = 20;

    private final PrewarmRun run;
    private final Instant started;

    PrewarmReports(PrewarmRun run, Instant started) {
        this.run = run;
        this.started = started;
    }

    void writeJUnit(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(bytes, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            String suite = run.function().name();
            xml.writeStartElement("testsuites");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("package", suite);
            xml.writeAttribute("id", "0");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("timestamp", LocalDateTime.ofInstant(started.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC)
                    .toString().replaceFirst("(T\\d\\d:\\d\\d)$", "$1:00"));
            xml.writeAttribute("hostname", HostName.get().replaceFirst("^host ", ""));
            xml.writeAttribute("tests", Long.toString(run.tasks().size() + run.cached()));
            xml.writeAttribute("failures", Long.toString(run.failedCount() - run.knownCount()));
            xml.writeAttribute("errors", Long.toString(run.notRunCount()));
            xml.writeAttribute("skipped", Long.toString(run.knownCount()));
            xml.writeAttribute("time", seconds(run.wallNanos()));
            xml.writeStartElement("properties");
            property(xml, "function", ResolvedFunction.signature(run.resolved().method()));
            property(xml, "cacheDirectory", run.function().cacheDir().toString());
            property(xml, "codeVersion", codeVersion());
            property(xml, "alreadyCached", Integer.toString(run.cached()));
            property(xml, "knownFailuresNotRunAgain", Long.toString(run.knownCount()));
            xml.writeEndElement();
            Map<String, FailureRecords.Failure> recorded = PrewarmRun.recorded(run.function());
            for (PrewarmCommand.Task task : run.tasks()) {
                testCase(xml, suite, task, recorded);
            }
            for (Object[] tuple : run.cachedTuples()) {
                xml.writeEmptyElement("testcase");
                xml.writeAttribute("name", clean(PrewarmRun.shown(tuple)));
                xml.writeAttribute("classname", suite);
                xml.writeAttribute("time", seconds(0)); // nothing spent in this run
            }
            xml.writeStartElement("system-out");
            xml.writeCharacters(clean(run.summaryLine()));
            xml.writeEndElement();
            xml.writeStartElement("system-err");
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        UserOutputFile.write(file, bytes.toByteArray(), "JUnit report");
    }

    private void testCase(XMLStreamWriter xml, String suite, PrewarmCommand.Task task,
            Map<String, FailureRecords.Failure> recorded) throws XMLStreamException {
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", clean(PrewarmRun.shown(task.arguments())));
        xml.writeAttribute("classname", suite);
        if (!task.result().isDone()) {
            xml.writeAttribute("time", "0");
            xml.writeStartElement("error");
            xml.writeAttribute("type", "not run");
            xml.writeAttribute("message", "not run: the prewarm stopped before it");
            xml.writeEndElement();
        } else if (task.result().isCompletedExceptionally()) {
            ErroneousFunctionCall failure = PrewarmCommand.failure(task);
            FailureRecords.Failure record = recorded.get(PrewarmRun.footprint(task.arguments()));
            xml.writeAttribute("time", seconds(record == null ? 0 : record.took().toNanos()));
            xml.writeStartElement(task.known() ? "skipped" : "failure");
            if (!task.known()) {
                xml.writeAttribute("type", clean(failure.exceptionClass()));
            }
            xml.writeAttribute("message", clean((task.known() ? "(a known failure, not run again) "
                    + failure.exceptionClass() + ": " : "")
                    + (failure.kind() == FailureKind.THREW ? "" : failure.kind().label() + ": ")
                    + failure.exceptionMessage()));
            xml.writeCharacters(clean(failure.remoteStackTrace() == null ? "" : failure.remoteStackTrace()));
            xml.writeEndElement();
        } else {
            xml.writeAttribute("time", seconds(computeNanos(task)));
        }
        xml.writeEndElement();
    }

    private long computeNanos(PrewarmCommand.Task task) {
        try {
            return run.function().calculationTime(task.arguments()).toNanos();
        } catch (RuntimeException e) {
            return 0; // evicted or replaced meanwhile: the report still lists the task
        }
    }

    void appendMarkdown(Path file) {
        StringBuilder md = new StringBuilder();
        md.append("### mppfc prewarm `").append(cell(run.function().name(), true)).append("`\n\n");
        md.append("| | tuples |\n|---|---:|\n");
        md.append("| computed | ").append(run.doneCount()).append(" |\n");
        md.append("| already cached | ").append(run.cached()).append(" |\n");
        md.append("| failed | ").append(run.failedCount() - run.knownCount()).append(" |\n");
        if (run.knownCount() > 0) {
            md.append("| known failures, skipped | ").append(run.knownCount()).append(" |\n");
        }
        if (run.retriedCount() > 0) {
            md.append("| earlier failures computed again").append(run.skipFailed() ? " (" + run.retriedKinds() + ")" : "")
                    .append(" | ").append(run.retriedCount()).append(" |\n");
        }
        md.append("| not run | ").append(run.notRunCount()).append(" |\n\n");
        md.append(String.format(Locale.ROOT, "%.1f s · code version `%s` · cache `%s`%n", run.wallNanos() / 1e9,
                codeVersion(), run.function().cacheDir()));
        if (run.failedCount() > 0) {
            md.append("\n| arguments | what happened |\n|---|---|\n");
            int listed = 0;
            for (PrewarmCommand.Task task : run.tasks()) {
                if (!task.result().isCompletedExceptionally()) {
                    continue;
                }
                if (listed++ == MARKDOWN_FAILURES) {
                    md.append("| … | ").append(run.failedCount() - MARKDOWN_FAILURES).append(" more |\n");
                    break;
                }
                ErroneousFunctionCall failure = PrewarmCommand.failure(task);
                md.append("| `").append(cell(PrewarmRun.shown(task.arguments()), true)).append("` | ")
                        .append(task.known() ? "known, skipped, " : "")
                        .append(failure.kind() == FailureKind.THREW ? "" : failure.kind().label() + ", ").append("`")
                        .append(cell(failure.exceptionClass(), true)).append("`: ")
                        .append(cell(String.valueOf(failure.exceptionMessage()), false)).append(" |\n");
            }
        }
        md.append('\n');
        UserOutputFile.append(file, md.toString().getBytes(StandardCharsets.UTF_8), "summary");
    }

    private String codeVersion() {
        String version = CodeVersions.version(run.function().cacheDir().getFileName().toString());
        return version.isEmpty() ? "untracked" : version;
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", Duration.ofNanos(nanos).toNanos() / 1e9);
    }

    /** XML 1.0 cannot carry most control characters, even escaped: a message holding one must still make a valid report. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF ? c : '?'));
        return out.toString();
    }

    /**
     * One line of a Markdown table cell: control characters as visible escapes, no pipe, no
     * backtick to break out of a code span, and outside one no HTML tag.
     */
    static String cell(String text, boolean inCode) {
        String line = Terminal.line(text, 200).replace("|", "\\|").replace("`", "'");
        return inCode ? line : line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
