package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress of push and pull: a bar on a terminal, nothing in a log. */
class TransferProgressTest {

    @Test
    void onATerminalTheBarEndsFullWithTheBytesMoved() {
        StringWriter text = new StringWriter();
        TransferProgress progress = new TransferProgress(new PrintWriter(text), "pull", true);
        progress.planned(2048);
        progress.done(1024);
        progress.done(1024);
        progress.finish();
        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
        assertThat(last).startsWith("pull [" + "=".repeat(30) + "] 2.0 KiB of 2.0 KiB").endsWith("\n");
    }

    @Test
    void withoutATerminalNothingIsPrinted() {
        StringWriter text = new StringWriter();
        TransferProgress progress = new TransferProgress(new PrintWriter(text), "push", false);
        progress.planned(100);
        progress.done(100);
        progress.finish();
        assertThat(text.toString()).isEmpty();
    }
}
