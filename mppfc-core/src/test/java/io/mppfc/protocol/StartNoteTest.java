package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartNoteTest {

    @Test
    void aStartScriptsNoteIsToldApartFromWhatTheFunctionPrints() {
        assertThat(StartNote.is(StartNote.PREFIX + "classpath-missing:3: 0a1b")).isTrue();
        assertThat(StartNote.is("  " + StartNote.PREFIX + "x")).isTrue();
        assertThat(StartNote.is("computing " + StartNote.PREFIX)).isFalse();
        assertThat(StartNote.is("mppfc worker: the cache directory /c does not exist")).isFalse();
    }
}
