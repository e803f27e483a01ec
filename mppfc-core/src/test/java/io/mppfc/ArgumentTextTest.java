package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Arguments are the user's text: the description that messages and warnings quote is one line, escaped. */
class ArgumentTextTest {

    @Test
    void aNewlineAndAnEscapeInAnArgumentAreShownEscaped() {
        String described = CachedCalls.describe(new Object[] {"one\nmppfc: warning: forged\u001b[31m", 2});

        assertThat(described).isEqualTo("arguments [one\\nmppfc: warning: forged\\u001b[31m, 2]");
    }

    @Test
    void aLongArgumentIsCutBeforeItIsEscaped() {
        String described = CachedCalls.describe(new Object[] {"\n".repeat(300)});

        assertThat(described).startsWith("arguments [\\n\\n").endsWith("\\n...").doesNotContain("\n");
        assertThat(described).hasSize("arguments ".length() + 1 + 196 * 2 + 3);
    }
}
