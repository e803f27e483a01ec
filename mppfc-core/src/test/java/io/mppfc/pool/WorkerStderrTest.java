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
        assertThat(forwarded("progress \u001b]0;owned\u0007 \u202eevil\n")).as("a title set, a bell, a right-to-left override")
                .containsExactly("info worker 1: progress \\u001b]0;owned\\u0007 \\u202eevil");
    }

    @Test
    void aWorkersOwnWarningIsOneWarningWithTheWorkersNumberAndNoThreadLevelOrLoggerOfItsOwn() {
        assertThat(forwarded("[mppfc-worker-2-reporter] WARN io.mppfc.cache.VersionInUse - the cache is in use\n"))
                .containsExactly("warn worker 1: the cache is in use");
    }

    @Test
    void aWorkersLoggedErrorIsOneWarningToo() {
        assertThat(forwarded("[main] ERROR com.acme.Physics - diverged at step 3\n"))
                .containsExactly("warn worker 1: diverged at step 3");
    }

    @Test
    void aWorkersLoggedInfoIsInfoWithItsTextOnly() {
        assertThat(forwarded("[pool-1 thread 2] INFO com.acme.Physics - step 3 of 10\n"))
                .containsExactly("info worker 1: step 3 of 10");
    }

    @Test
    void theJvmsOwnWarningIsOneWarningWithoutTheJvmsPrefix() {
        assertThat(forwarded("OpenJDK 64-Bit Server VM warning: Options -Xverify:none and -noverify were deprecated\n"
                + "WARNING: A terminally deprecated method in sun.misc.Unsafe has been called\n"))
                .containsExactly("warn worker 1: Options -Xverify:none and -noverify were deprecated",
                        "warn worker 1: A terminally deprecated method in sun.misc.Unsafe has been called");
    }

    @Test
    void theJvmsStartErrorIsAWarningKeptWhole() {
        assertThat(forwarded("Error occurred during initialization of VM\nError: Could not find or load main class X\n"))
                .containsExactly("warn worker 1: Error occurred during initialization of VM",
                        "warn worker 1: Error: Could not find or load main class X");
    }

    @Test
    void aWarningsTextIsDataWithItsEscapesShown() {
        assertThat(forwarded("[main] WARN com.acme.Physics - bad \u001b[2J input\n"))
                .containsExactly("warn worker 1: bad \\u001b[2J input");
    }

    @Test
    void startNotesClassDataNotesAndDebugEventsAreDebugOnly() {
        assertThat(forwarded("mppfc-start:classpath-missing:1: ab12\nAOTConfiguration recorded: /c/x.aotconf\n"
                + "[main] DEBUG io.mppfc.worker.Worker - job 3\n"))
                .containsExactly("debug worker 1: mppfc-start:classpath-missing:1: ab12",
                        "debug worker 1: AOTConfiguration recorded: /c/x.aotconf", "debug worker 1: job 3");
    }

    @Test
    void aWorkersOwnNoteIsSaidWithoutItsNameTwice() {
        assertThat(forwarded("mppfc worker: ignoring an unexpected PING frame\n"))
                .containsExactly("info worker 1: ignoring an unexpected PING frame");
    }

    @Test
    void aFunctionsLineThatOnlyLooksLikeALevelIsSaidAsItIs() {
        assertThat(forwarded("WARN: disk almost full\nINFO Main: started\n"))
                .containsExactly("info worker 1: WARN: disk almost full", "info worker 1: INFO Main: started");
    }

    @Test
    void linesBeforeTheWorkerIsReadyAreForwardedWhenItIsInTheirOrder() {
        List<String> logged = new ArrayList<>();
        WorkerStderr stderr = new WorkerStderr(1, recording(logged));
        stderr.forward(new ByteArrayInputStream("first\nsecond\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(logged).as("held while the worker starts").isEmpty();

        stderr.release();

        assertThat(logged).containsExactly("info worker 1: first", "info worker 1: second");
    }

    @Test
    void aStartThatSaysMoreThanARefusalIsShownAsItComesInOrder() {
        List<String> logged = new ArrayList<>();
        WorkerStderr stderr = new WorkerStderr(1, recording(logged));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            lines.append("line ").append(i).append('\n');
        }

        stderr.forward(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)));

        assertThat(logged).hasSize(250).startsWith("info worker 1: line 0").endsWith("info worker 1: line 249");
    }

    @Test
    void linesOfAWorkerWhoseEndQuotesThemAreNeverForwarded() {
        List<String> logged = new ArrayList<>();
        WorkerStderr stderr = new WorkerStderr(1, recording(logged));
        stderr.forward(new ByteArrayInputStream("Unrecognized VM option 'Bogus'\n".getBytes(StandardCharsets.UTF_8)));

        stderr.dropHeld();
        stderr.release();

        assertThat(logged).isEmpty();
        assertThat(stderr.lastLines()).as("kept for the report of its end").containsExactly(
                "Unrecognized VM option 'Bogus'");
    }

    /** Each line forwarded by worker 1, ready, as {@code <level> <message>}. */
    private static List<String> forwarded(String stderr) {
        List<String> logged = new ArrayList<>();
        WorkerStderr lines = new WorkerStderr(1, recording(logged));
        lines.release();
        lines.forward(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)));
        return logged;
    }

    private static Logger recording(List<String> logged) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (List.of("debug", "info", "warn", "error").contains(method.getName())) {
                        Object[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
                        logged.add(method.getName() + " "
                                + org.slf4j.helpers.MessageFormatter.arrayFormat((String) args[0], rest).getMessage());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }
}
