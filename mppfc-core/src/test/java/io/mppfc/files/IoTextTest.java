package io.mppfc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file system said, as one line: a file's name may hold a newline or an ESC. */
class IoTextTest {

    @TempDir
    Path dir;

    @Test
    void aFileNameWithANewlineAndAnEscapeIsDescribedOnOneLineEscaped() {
        Path hostile = dir.resolve("entry\nmppfc: warning: forged\u001b[31m");

        assertThatThrownBy(() -> Files.readAllBytes(hostile)).isInstanceOfSatisfying(NoSuchFileException.class,
                e -> assertThat(IoText.describe(e)).isEqualTo("no such file or directory: " + dir
                        + "/entry\\nmppfc: warning: forged\\u001b[31m"));
    }

    @Test
    void aMessageWithANewlineIsDescribedOnOneLineAndNeverCut() {
        String long600 = "x".repeat(600);

        assertThat(IoText.describe(new IOException("the store said\nsomething " + long600)))
                .isEqualTo("the store said\\nsomething " + long600);
    }
}
