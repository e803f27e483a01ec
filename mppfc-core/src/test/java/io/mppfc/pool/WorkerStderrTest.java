package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.protocol.FailureText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class WorkerStderrTest {

    @Test
    void aLineWithoutEndIsCutAtTheBoundAndSaysSo() throws IOException {
        BufferedReader in = new BufferedReader(new StringReader("e".repeat(5_000_000) + "\nnext\r\nlast"));
        String first = WorkerStderr.boundedLine(in);
        assertThat(first).startsWith("eeee").endsWith("[cut by mppfc: a line of 5000000 characters]")
                .hasSizeLessThan(FailureText.MAX_MESSAGE + 100);
        assertThat(WorkerStderr.boundedLine(in)).isEqualTo("next");
        assertThat(WorkerStderr.boundedLine(in)).isEqualTo("last");
        assertThat(WorkerStderr.boundedLine(in)).isNull();
    }

    @Test
    void theJvmsOwnClassDataNotesAreToldApartFromWhatTheFunctionPrints() {
        assertThat(WorkerStderr.isClassDataNote("AOTConfiguration recorded: /c/mppfc.aotconf")).isTrue();
        assertThat(WorkerStderr.isClassDataNote(" AOTCache creation is complete: /c/mppfc.aot 1234 bytes")).isTrue();
        assertThat(WorkerStderr.isClassDataNote("[0.012s][warning][cds] archive mismatch")).isTrue();
        assertThat(WorkerStderr.isClassDataNote("[warning][aot,codecache] something")).isTrue();
        assertThat(WorkerStderr.isClassDataNote("computing step 3 of 10")).isFalse();
        assertThat(WorkerStderr.isClassDataNote("[info] my own log about cds")).isFalse();
    }
}
