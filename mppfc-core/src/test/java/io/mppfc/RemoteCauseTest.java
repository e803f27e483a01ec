package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RemoteCauseTest {

    private static String printed(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static void deepest(int n) throws java.io.IOException {
        if (n == 0) {
            throw new java.io.IOException("disk says no\nsecond line");
        }
        deepest(n - 1);
    }

    private static Exception chain() {
        try {
            try {
                deepest(3);
            } catch (java.io.IOException e) {
                IllegalStateException wrapped = new IllegalStateException("while reading", e);
                wrapped.addSuppressed(new RuntimeException("suppressed one"));
                throw wrapped;
            }
        } catch (IllegalStateException e) {
            return e;
        }
        throw new AssertionError();
    }

    @Test
    void aWorkersTraceIsRebuiltWithItsFramesAndCauses() {
        Exception original = chain();
        RemoteCause rebuilt = RemoteCause.parse(printed(original));
        assertThat(rebuilt).hasToString(original.toString());
        assertThat(rebuilt.getStackTrace()).containsExactly(original.getStackTrace());
        assertThat(rebuilt.getCause()).hasToString(original.getCause().toString());
        assertThat(rebuilt.getCause().getStackTrace()).containsExactly(original.getCause().getStackTrace());
        assertThat(rebuilt.getCause().getCause()).isNull();
    }

    @Test
    void anUncaughtWorkerFailurePrintsTheWorkersFrames() {
        Exception original = chain();
        ErroneousFunctionCall call = new ErroneousFunctionCall("f failed for arguments [1] in a worker",
                original.getClass().getName(), original.getMessage(), printed(original), null);
        String shown = printed(call);
        assertThat(shown).contains("Caused by: java.lang.IllegalStateException: while reading")
                .contains("Caused by: java.io.IOException: disk says no")
                .contains("at io.mppfc.RemoteCauseTest.deepest(RemoteCauseTest.java:");
    }

    @Test
    void textWithoutFramesGivesNoCause() {
        assertThat(RemoteCause.parse("")).isNull();
        assertThat(RemoteCause.parse("worker died")).isNull();
        assertThat(new ErroneousFunctionCall("f", "timeout", "too slow", "", null).getCause()).isNull();
    }
}
