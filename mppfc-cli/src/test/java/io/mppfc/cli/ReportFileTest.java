package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports prewarm writes go through the file gate: nothing is written through a link planted beside them. */
class ReportFileTest {

    @TempDir
    Path dir;

    @Test
    void aLinkAtTheReportsFormerTempNameIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("someone-elses-file"), "keep me");
        Path report = dir.resolve("report.json");
        // the temp name was ".<name>.tmp-<pid>": guessable by anyone who can write to the directory
        Files.createSymbolicLink(dir.resolve(".report.json.tmp-" + ProcessHandle.current().pid()), victim);
        PrewarmRun.writeAtomically(report, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(victim).hasContent("keep me");
        assertThat(report).hasContent("{}");
        assertThat(Files.isSymbolicLink(report)).isFalse();
    }

    @Test
    void aLinkInPlaceOfTheReportIsReplacedNotFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("someone-elses-file"), "keep me");
        Path report = dir.resolve("report.json");
        Files.createSymbolicLink(report, victim);
        PrewarmRun.writeAtomically(report, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(victim).hasContent("keep me");
        assertThat(Files.isSymbolicLink(report)).isFalse();
        assertThat(report).hasContent("{}");
    }
}
