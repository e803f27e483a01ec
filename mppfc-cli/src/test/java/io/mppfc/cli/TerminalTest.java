package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTest {

    private static final String HOSTILE = "\u001b]0;title\u0007\u001b[2J a\u0000b\rc\nFAKE LINE\u009b1m\u202eevil\u2028x\t";

    @Test
    void controlSequencesBecomeVisibleEscapesOnOneLine() {
        String line = Terminal.line(HOSTILE);
        assertThat(line).isEqualTo("\\u001b]0;title\\u0007\\u001b[2J a\\u0000b\\rc\\nFAKE LINE\\u009b1m\\u202eevil"
                + "\\u2028x\\t");
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    @Test
    void printableTextOfAnyScriptIsKept() {
        assertThat(Terminal.line("négatif: −3 ≠ 3, 負の数 😀")).isEqualTo("négatif: −3 ≠ 3, 負の数 😀");
    }

    @Test
    void longTextIsCutSayingHowMuchWasLeftOutWithoutSplittingAPair() {
        assertThat(Terminal.line("x".repeat(1000))).hasSize(Terminal.LINE_ITEM + " ... (500 more characters)".length() - 1)
                .endsWith("... (500 more characters)");
        assertThat(Terminal.line("a😀", 2)).isEqualTo("a... (2 more characters)");
        assertThat(Terminal.line(null)).isEqualTo("null");
    }

    @Test
    void countedNounsAreSingularForOne() {
        assertThat(Words.count(1, "tuple")).isEqualTo("1 tuple");
        assertThat(Words.count(0, "tuple")).isEqualTo("0 tuples");
        assertThat(Words.count(1, "entry")).isEqualTo("1 entry");
        assertThat(Words.count(2, "entry")).isEqualTo("2 entries");
    }

    @Test
    void shortTimesKeepTheirPrecision() {
        assertThat(Progress.formatSeconds(0.050)).isEqualTo("50ms");
        assertThat(Progress.formatSeconds(0.0003)).isEqualTo("0.3ms");
        assertThat(Progress.formatSeconds(1.25)).isEqualTo("1.3s");
        assertThat(Progress.formatSeconds(42)).isEqualTo("42s");
        assertThat(Progress.formatSeconds(600)).isEqualTo("10m");
    }

    @Test
    void aMarkdownCellCannotBreakTheTableNorCarryHtml() {
        assertThat(PrewarmReports.cell("a|b`c\n<img src=x onerror=alert(1)>\u001b[2J", false))
                .isEqualTo("a\\|b'c\\n&lt;img src=x onerror=alert(1)&gt;\\u001b[2J");
    }
}
