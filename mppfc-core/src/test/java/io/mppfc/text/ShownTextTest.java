package io.mppfc.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text from outside mppfc is shown as data: every character that is not one a terminal shows as itself is escaped. */
class ShownTextTest {

    @Test
    void aLoneSurrogateIsShownEscaped() {
        assertThat(ShownText.line("a\ud800b\udc00")).isEqualTo("a\\ud800b\\udc00");
    }

    @Test
    void aSurrogatePairIsShownAsItIs() {
        assertThat(ShownText.line("a\ud83d\ude00b")).isEqualTo("a\ud83d\ude00b");
    }

    @Test
    void aHighSurrogateLastBeforeTheCutIsLeftOutNotShownAlone() {
        assertThat(ShownText.line("ab\ud83d\ude00", 3)).isEqualTo("ab... (2 more characters)");
    }

    @Test
    void aBidirectionalOverrideAndAnEscapeAreShownEscaped() {
        assertThat(ShownText.line("\u202egnp.exe\u001b[2J")).isEqualTo("\\u202egnp.exe\\u001b[2J");
    }
}
