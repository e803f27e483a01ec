package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.protocol.FailureText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
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

    @Test
    void whatAFunctionPrintsIsLoggedWithItsTerminalEscapesShownNotObeyed() {
        List<String> logged = new ArrayList<>();
        Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("info") || method.getName().equals("debug")) {
                        logged.add(args[args.length - 1].toString());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        new WorkerStderr(1, log).forward(new ByteArrayInputStream(
                "progress \u001b]0;owned\u0007 \u202eevil\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(logged).as("a title set, a bell, a right-to-left override").containsExactly("progress \\u001b]0;owned\\u0007 \\u202eevil");
    }
}
