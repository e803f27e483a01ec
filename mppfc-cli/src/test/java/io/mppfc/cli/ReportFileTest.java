package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report path is the user's: their link is followed, a device or FIFO is written through, and only a
 * regular file or a new path gets a temp file renamed into place.
 */
class ReportFileTest {

    private static final byte[] REPORT = "{}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aLinkAtTheReportsFormerTempNameIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("someone-elses-file"), "keep me");
        Path report = dir.resolve("report.json");
        // the temp name was ".<name>.tmp-<pid>": guessable by anyone who can write to the directory
        Files.createSymbolicLink(dir.resolve(".report.json.tmp-" + ProcessHandle.current().pid()), victim);
        UserOutputFile.write(report, REPORT, "report");
        assertThat(victim).hasContent("keep me");
        assertThat(report).hasContent("{}");
        assertThat(Files.isSymbolicLink(report)).isFalse();
    }

    @Test
    void aPlainPathIsWrittenAtomicallyLeavingNoTempFile() throws Exception {
        Path report = Files.writeString(dir.resolve("report.json"), "old report");
        UserOutputFile.write(report, REPORT, "report");
        assertThat(report).hasContent("{}");
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(report);
        }
    }

    @Test
    void theUsersLinkToAFileIsWrittenThroughAndStaysALink() throws Exception {
        Path real = Files.writeString(dir.resolve("real-report.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("rl.json"), real.getFileName());
        UserOutputFile.write(link, REPORT, "report");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("{}");
    }

    @Test
    void aDanglingLinkOfTheUsersHasItsTargetCreated() throws Exception {
        Files.createDirectory(dir.resolve("out"));
        Path link = Files.createSymbolicLink(dir.resolve("rl.json"), Path.of("out", "report.json"));
        UserOutputFile.write(link, REPORT, "report");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("out/report.json")).hasContent("{}");
    }

    @Test
    void aFifoGetsTheReportAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("report.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        UserOutputFile.write(fifo, REPORT, "report");
        assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(REPORT);
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
    }

    @Test
    void aDeviceIsWrittenThroughAndStaysADevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path device = dir.resolve("null-device");
        assertThat(new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start().waitFor()).isZero();
        UserOutputFile.write(device, REPORT, "report");
        UserOutputFile.append(device, REPORT, "summary");
        assertThat(Files.readAttributes(device, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).isOther()).isTrue();
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(device);
        }
    }

    @Test
    void theSummaryIsAppendedThroughTheUsersLink() throws Exception {
        Path real = Files.writeString(dir.resolve("summary.md"), "before\n");
        Path link = Files.createSymbolicLink(dir.resolve("step-summary"), real);
        UserOutputFile.append(link, "after\n".getBytes(StandardCharsets.UTF_8), "summary");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("before\nafter");
    }
}
