package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The help of a command that only reads the bucket says what it reads, in the user's words, and
 * never that something is uploaded: {@code ls} and {@code status} write nothing anywhere.
 */
class SharedHelpTest {

    @Test
    void lsHelpSaysWhatItListsOfTheBucketAndNothingOfUploads() {
        CliProcess.Result help = CliInProcess.run("ls", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).containsIgnoringWhitespaces("how many results the bucket holds")
                .doesNotContainIgnoringCase("upload");
    }

    @Test
    void statusHelpSaysWhatItShowsOfTheBucketAndNothingOfUploads() {
        CliProcess.Result help = CliInProcess.run("status", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).containsIgnoringWhitespaces("the results it holds (loose, and in packs)")
                .doesNotContainIgnoringCase("upload");
    }

    @Test
    void prewarmHelpStillSaysItUploadsWhatItComputes() {
        assertThat(CliInProcess.run("prewarm", "--help").out())
                .containsIgnoringWhitespaces("every result computed here is uploaded to it");
    }
}
