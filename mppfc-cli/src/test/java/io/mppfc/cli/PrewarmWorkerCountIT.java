package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker count this machine cannot give is bad input, said before anything runs: it once
 * printed the start line, then the library's refusal, then "interrupted" with exit 130.
 */
@Timeout(180)
class PrewarmWorkerCountIT {

    @TempDir
    Path dir;

    private CliProcess.Result prewarm(String workers) throws Exception {
        Files.writeString(dir.resolve("grid.jsonl"), "[1]\n[2]\n");
        return CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::twice", "--classpath",
                CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", workers);
    }

    @Test
    void moreWorkersThanCoresIsOneLineExitTwoAndNothingIsWritten() throws Exception {
        int tooMany = Runtime.getRuntime().availableProcessors() + 1000;

        CliProcess.Result r = prewarm(String.valueOf(tooMany));

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).as(r.all()).isEmpty();
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).startsWith("mppfc prewarm: --workers: " + tooMany + " is more than the")
                .doesNotContain("interrupted", "number of workers: ");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void aWorkerCountThatIsNoNumberNamesTheOption() throws Exception {
        CliProcess.Result r = prewarm("0.5x");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).startsWith("mppfc prewarm: --workers: \"0.5x\" is not a count");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void aShareOfTheCoresIsSaidAsTheCountItMeans() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String share : java.util.List.of("0", "all")) {
            CliProcess.Result r = prewarm(share);

            assertThat(r.exitCode()).as(r.all()).isZero();
            assertThat(r.out()).as(r.all()).contains(" to compute with " + cores + (cores == 1 ? " worker\n" : " workers\n"));
            try (java.util.stream.Stream<Path> tree = Files.walk(dir.resolve("c"))) { // computed again by the next
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
