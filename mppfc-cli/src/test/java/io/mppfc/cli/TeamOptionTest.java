package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prewarm --shared-with-group}: what is wrong with a group or a root is bad input, said in one line. */
class TeamOptionTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownGroupIsBadInputAndNothingIsMade() throws Exception {
        Path args = Files.writeString(dir.resolve("args.jsonl"), "[1]\n");
        CliProcess.Result run = CliInProcess.run("prewarm", "--function", Grid.class.getName() + "::twice", "--classpath",
                CliProcess.FIXTURES, "--args", args.toString(), "--cache", dir.resolve("c").toString(),
                "--shared-with-group", "no-such-group-x");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("--shared-with-group: there is no group named no-such-group-x");
        assertThat(dir.resolve("c")).doesNotExist();
    }
}
