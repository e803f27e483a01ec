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

    @Test
    void aLargeArrayArgumentIsNotWalkedPastWhatIsShown() {
        double[] samples = new double[2_000_000];
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        CachedCalls.describe(new Object[] {samples}); // the classes it uses loaded, not counted below
        long before = threads.getCurrentThreadAllocatedBytes();
        String described = CachedCalls.describe(new Object[] {samples});
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(described).startsWith("arguments ({0.0, 0.0").endsWith("...)");
        // every miss describes its arguments: a list of every element (two characters and a boxed
        // double each, 40 MB here) was built and then cut to 200 characters
        assertThat(allocated).as("bytes allocated to describe a 16 MB array").isLessThan(1 << 20);
    }

    @Test
    void anArgumentWhoseToStringOverflowsTheStackIsDescribedByTheCount() {
        Object endless = new Object() {
            @Override
            public String toString() {
                return "x" + this; // a cyclic graph's generated toString
            }
        };

        assertThat(CachedCalls.describe(new Object[] {endless, 2})).isEqualTo("arguments (2 arguments)");
    }

    @Test
    void aLoneSurrogateInAnArgumentIsShownEscaped() {
        assertThat(CachedCalls.describe(new Object[] {"a\ud800b"})).isEqualTo("arguments (\"a\\ud800b\")");
    }

    @Test
    void aSurrogatePairAtTheCutIsNeverSplit() {
        String described = CachedCalls.describe(new Object[] {"a".repeat(195) + "\ud83d\ude00".repeat(10)});

        assertThat(described.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
        assertThat(described).doesNotContain("\\ud83d").endsWith("...)");
    }
}
