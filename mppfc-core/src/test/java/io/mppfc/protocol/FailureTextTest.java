package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.FailureKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    private static String jdkTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void anOrdinaryExceptionReadsAsTheJdkPrintsIt() {
        IllegalStateException cause = new IllegalStateException("root cause");
        IllegalArgumentException thrown = new IllegalArgumentException("odd input 1", cause);
        thrown.addSuppressed(new RuntimeException("closing"));
        FailureText text = FailureText.of(thrown);
        assertThat(text.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(text.message()).isEqualTo("odd input 1");
        assertThat(text.stackTrace()).isEqualTo(jdkTrace(thrown));
    }

    @Test
    void aHugeMessageIsCutAndSaysSo() {
        FailureText text = FailureText.of(new IllegalArgumentException("m".repeat(10_000_000)));
        assertThat(text.message()).hasSizeLessThanOrEqualTo(FailureText.MAX_MESSAGE)
                .startsWith("m".repeat(100)).endsWith("[cut by mppfc: 10000000 characters, the first 8072 kept]").hasSizeLessThanOrEqualTo(FailureText.MAX_MESSAGE);
        assertThat(text.stackTrace()).hasSizeLessThanOrEqualTo(FailureText.MAX_TRACE).contains("cut by mppfc")
                .contains("\tat io.mppfc.protocol.FailureTextTest.aHugeMessageIsCutAndSaysSo");
    }

    @Test
    void aTenThousandDeepCauseChainIsWrittenWithoutOverflowAndCut() {
        Throwable chain = new IllegalStateException("bottom");
        for (int i = 0; i < 10_000; i++) {
            chain = new RuntimeException("level " + i, chain);
        }
        FailureText text = FailureText.of(chain);
        assertThat(text.message()).isEqualTo("level 9999");
        assertThat(text.stackTrace().lines().filter(l -> l.startsWith("Caused by: ")))
                .hasSize(FailureText.MAX_THROWABLES - 1);
        assertThat(text.stackTrace()).contains("... 9937 more exceptions (causes and suppressed) cut by mppfc")
                .hasSizeLessThanOrEqualTo(FailureText.MAX_TRACE);
    }

    @Test
    void aCyclicCauseIsSaidOnceAsTheJdkSaysIt() {
        RuntimeException a = new RuntimeException("a");
        IllegalStateException b = new IllegalStateException("b", a);
        a.initCause(b);
        String trace = FailureText.of(a).stackTrace();
        assertThat(trace).isEqualTo(jdkTrace(a)).contains("[CIRCULAR REFERENCE: java.lang.RuntimeException: a]");
    }

    @Test
    void aThousandSuppressedExceptionsAreCutAtTheBound() {
        RuntimeException thrown = new RuntimeException("many");
        for (int i = 0; i < 1000; i++) {
            thrown.addSuppressed(new IllegalStateException("suppressed " + i));
        }
        String trace = FailureText.of(thrown).stackTrace();
        assertThat(trace.lines().filter(l -> l.startsWith("\tSuppressed: "))).hasSize(FailureText.MAX_SUPPRESSED);
        assertThat(trace).contains("\t... 984 more suppressed exceptions cut by mppfc");
    }

    @Test
    void framesBeyondTheBoundAreCounted() {
        RuntimeException thrown = new RuntimeException("deep");
        StackTraceElement frame = new StackTraceElement("a.B", "c", "B.java", 1);
        StackTraceElement[] frames = new StackTraceElement[1000];
        java.util.Arrays.fill(frames, frame);
        thrown.setStackTrace(frames);
        String trace = FailureText.of(thrown).stackTrace();
        assertThat(trace.lines().filter(l -> l.startsWith("\tat "))).hasSize(FailureText.MAX_FRAMES);
        assertThat(trace).contains("\t... 744 frames cut by mppfc");
    }

    @Test
    void anExceptionWhoseOwnMethodsThrowStillHasAText() {
        RuntimeException hostile = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new IllegalStateException("no message for you");
            }

            @Override
            public String toString() {
                throw new IllegalStateException("no text either");
            }
        };
        FailureText text = FailureText.of(hostile);
        assertThat(text.message()).contains("getMessage() threw java.lang.IllegalStateException");
        assertThat(text.stackTrace()).contains("toString() threw java.lang.IllegalStateException");
    }

    @Test
    void aFailedFrameOfTheLargestTextFitsWhatTheCoordinatorReads() {
        String wide = "\uD83D\uDE00".repeat(1 << 20); // four UTF-8 bytes per two characters
        String widest = "\u20AC".repeat(1 << 21); // three bytes per character: the worst case
        WorkerReports.Failed failed =
                new WorkerReports.Failed(Long.MAX_VALUE, FailureKind.THREW, widest, widest, widest + wide);
        assertThat(failed.encode().length).isLessThan(Messages.MAX_FROM_WORKER);
        WorkerReports.Fatal fatal = new WorkerReports.Fatal(widest, widest);
        assertThat(fatal.encode().length).isLessThan(Messages.MAX_FROM_WORKER);
    }

    @Test
    void aDecodedFailedFrameIsBoundedToo() throws ProtocolException {
        byte[] payload = new Payload.Out().putLong(1).putByte(FailureKind.THREW.ordinal()).putString("x")
                .putString("m".repeat(100_000)).putString("t".repeat(1_000_000)).toByteArray();
        WorkerReports.Failed failed = WorkerReports.Failed.decode(payload);
        assertThat(failed.message()).hasSizeLessThanOrEqualTo(FailureText.MAX_MESSAGE).contains("cut by mppfc");
        assertThat(failed.stackTrace()).hasSizeLessThanOrEqualTo(FailureText.MAX_TRACE).contains("cut by mppfc");
    }

    @Test
    void cuttingACutTextAgainChangesNothing() {
        FailureText once = FailureText.of(new IllegalArgumentException("m".repeat(600_000)));
        FailureText twice = new FailureText(once.exceptionClass(), once.message(), once.stackTrace() + "x".repeat(
                FailureText.MAX_TRACE));
        assertThat(new FailureText(once.exceptionClass(), once.message(), once.stackTrace())).isEqualTo(once);
        assertThat(new FailureText(twice.exceptionClass(), twice.message(), twice.stackTrace())).isEqualTo(twice);
    }
}
