package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Arguments are the user's text: messages show a call as Java source writes it, one line,
 * escaped, so that {@code "a b"} reads as one string and a newline cannot start a log line.
 */
class ArgumentTextTest {

    record Point(String label, double x) {
    }

    enum Color { RED }

    @Test
    void aStringArgumentIsQuotedAsJavaSourceWritesIt() {
        assertThat(CallText.call("f", new Object[] {"a b"})).isEqualTo("f(\"a b\")");
    }

    @Test
    void anEmptyStringAndAQuoteInsideOneAreSeen() {
        assertThat(CallText.call("f", new Object[] {"", "x\"y", 'c'})).isEqualTo("f(\"\", \"x\\\"y\", 'c')");
    }

    @Test
    void numbersKeepTheirJavaTypeSuffix() {
        assertThat(CallText.call("f", new Object[] {1, 2L, 1.5f, 2.0, Double.NaN}))
                .isEqualTo("f(1, 2L, 1.5f, 2.0, Double.NaN)");
    }

    @Test
    void stringsInsideListsMapsArraysAndRecordsAreQuotedToo() {
        assertThat(CallText.call("f", new Object[] {List.of("a b"), Map.of("k", "v"), new String[] {"s"},
                new Point("p q", 1.0), Color.RED}))
                .isEqualTo("f([\"a b\"], {\"k\"=\"v\"}, {\"s\"}, Point[label=\"p q\", x=1.0], Color.RED)");
    }

    @Test
    void aNewlineAndAnEscapeInAnArgumentAreShownEscaped() {
        String described = CachedCalls.describe(new Object[] {"one\nmppfc: warning: forged\u001b[31m", 2});

        assertThat(described).isEqualTo("arguments (\"one\\nmppfc: warning: forged\\u001b[31m\", 2)");
    }

    @Test
    void aLongArgumentIsCutBeforeItIsEscaped() {
        String described = CachedCalls.describe(new Object[] {"\n".repeat(300)});

        assertThat(described).startsWith("arguments (\"\\n\\n").endsWith("\\n...)").doesNotContain("\n");
        assertThat(described.length()).isLessThan("arguments ()".length() + 200 + 10);
    }
}
