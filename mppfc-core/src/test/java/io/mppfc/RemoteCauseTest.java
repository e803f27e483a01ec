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
        assertThat(frames(rebuilt)).isEqualTo(frames(original));
        assertThat(rebuilt.getCause()).hasToString(original.getCause().toString());
        assertThat(frames(rebuilt.getCause())).isEqualTo(frames(original.getCause()));
        assertThat(rebuilt.getCause().getCause()).isNull();
    }

    /** Class, method, file and line of each frame: what the worker printed (module and loader names are not kept). */
    private static java.util.List<String> frames(Throwable t) {
        return java.util.Arrays.stream(t.getStackTrace()).map(f -> f.getClassName() + "." + f.getMethodName() + "("
                + (f.isNativeMethod() ? "Native Method" : f.getFileName() + ":" + f.getLineNumber()) + ")").toList();
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
