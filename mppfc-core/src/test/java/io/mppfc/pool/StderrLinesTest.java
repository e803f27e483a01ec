package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.protocol.FailureText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StderrLinesTest {

    @Test
    void aLineWithoutEndIsCutAtTheBoundAndSaysSo() throws IOException {
        BufferedReader in = new BufferedReader(new StringReader("e".repeat(5_000_000) + "\nnext\r\nlast"));
        String first = WorkerProcess.boundedLine(in);
        assertThat(first).startsWith("eeee").endsWith("[cut by mppfc: a line of 5000000 characters]")
                .hasSizeLessThan(FailureText.MAX_MESSAGE + 100);
        assertThat(WorkerProcess.boundedLine(in)).isEqualTo("next");
        assertThat(WorkerProcess.boundedLine(in)).isEqualTo("last");
        assertThat(WorkerProcess.boundedLine(in)).isNull();
    }

    @Test
    void theJvmsOwnClassDataNotesAreToldApartFromWhatTheFunctionPrints() {
        assertThat(WorkerProcess.isClassDataNote("AOTConfiguration recorded: /c/mppfc.aotconf")).isTrue();
        assertThat(WorkerProcess.isClassDataNote(" AOTCache creation is complete: /c/mppfc.aot 1234 bytes")).isTrue();
        assertThat(WorkerProcess.isClassDataNote("[0.012s][warning][cds] archive mismatch")).isTrue();
        assertThat(WorkerProcess.isClassDataNote("[warning][aot,codecache] something")).isTrue();
        assertThat(WorkerProcess.isClassDataNote("computing step 3 of 10")).isFalse();
        assertThat(WorkerProcess.isClassDataNote("[info] my own log about cds")).isFalse();
    }
}
