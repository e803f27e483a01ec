package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Exact;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text that is not JSON is told in the user's terms: never Jackson's parser features. */
class JsonTextInUsersTermsTest {

    @TempDir
    Path dir;

    private CliProcess.Result get(String json) {
        return CliInProcess.run("get", "--function", Exact.class.getName() + "::primitives", "--classpath",
                CliProcess.FIXTURES, "--cache", dir.resolve("c").toString(), "--args", json);
    }

    private static void assertOneLineError(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says).doesNotContain("Exception", "Jackson", "Feature", "ALLOW_",
                "enable", "to allow");
    }

    @Test
    void unquotedNaNAndInfinitiesSayToQuoteThemAsLsJsonDoes() {
        assertOneLineError(get("[0, 0, 0, 0, 0, NaN]"), "NaN", "write it as \"NaN\"");
        assertOneLineError(get("[0, 0, 0, 0, Infinity, 0]"), "Infinity", "write it as \"Infinity\"");
        assertOneLineError(get("[0, 0, 0, 0, 0, -Infinity]"), "-Infinity", "write it as \"-Infinity\"");
    }

    @Test
    void aPlusSignOrACommentIsNotJsonWithoutTheParsersSettings() {
        assertOneLineError(get("[0, 0, +1, 0, 0, 0]"), "not JSON", "plus sign");
        assertOneLineError(get("[0, 0, 0, 0, 0, 0 /* a comment */]"), "not JSON", "comment");
    }
}
