package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Exact;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library's warnings, printed by the real jar, read as the CLI's own lines. */
@Timeout(120)
class WarningLinesIT {

    @TempDir
    Path dir;

    @Test
    void aDamagedEntryFoundByPackIsOneWarningLineWithoutThreadOrLoggerNames() throws Exception {
        try (var integer = Mppfc.cache(Exact::integer).path(dir.resolve("c")).build()) {
            integer.apply(BigInteger.ONE);
        }
        Path function = CliProcess.functionDirectory(dir.resolve("c"), Exact.class.getName() + ".integer");
        List<Path> entries;
        try (Stream<Path> files = Files.walk(function)) {
            entries = files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{16,}"))
                    .toList();
        }
        assertThat(entries).hasSize(1);
        byte[] bytes = Files.readAllBytes(entries.get(0));
        bytes[bytes.length - 1] ^= 1; // the checksum no longer matches
        Files.write(entries.get(0), bytes);

        CliProcess.Result pack = CliProcess.run(dir, "pack", "--cache", "c");
        assertThat(pack.err().lines().filter(l -> l.contains("is bad"))).as(pack.all()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("mppfc pack: warning: cache entry ").doesNotContain("[main]",
                        "io.mppfc.cache", "WARN "));
    }

    @Test
    void aWorkersLoggedWarningIsOneCliWarningWithTheWorkersNumberAndItsTextEscaped() throws Exception {
        CliProcess.Result run = prewarmNoisy();
        assertThat(run.err().lines().filter(l -> l.contains("input 1 is odd"))).as(run.all())
                .containsExactly("mppfc prewarm: warning: worker 1: input 1 is odd \\u001b]0;title\\u0007");
    }

    @Test
    void whatAWorkerPrintsIsOneLineWithTheWorkersNumberAndItsTextEscaped() throws Exception {
        CliProcess.Result run = prewarmNoisy();
        assertThat(run.err().lines().filter(l -> l.contains("progress of 1"))).as(run.all())
                .containsExactly("INFO worker 1: progress of 1 \\u001b[31mred\\u001b[0m");
    }

    @Test
    void theWorkerJvmsOwnWarningIsOneCliWarningWithTheWorkersNumber() throws Exception {
        CliProcess.Result run = prewarmNoisy("--jvm-option=-Xverify:none");
        assertThat(run.err().lines().filter(l -> l.contains("-Xverify:none"))).as(run.all()).singleElement()
                .satisfies(l -> assertThat(l).startsWith("mppfc prewarm: warning: worker 1: Options -Xverify:none")
                        .doesNotContain("VM warning"));
    }

    private CliProcess.Result prewarmNoisy(String... more) throws Exception {
        Files.writeString(dir.resolve("args.txt"), "[1]\n");
        // the function's class alone: the fixtures' simplelogger.properties would silence the workers' loggers
        String file = io.mppfc.cli.fixtures.Noisy.class.getName().replace('.', '/') + ".class";
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve(file).getParent());
        Files.copy(Path.of(CliProcess.FIXTURES, file), classes.resolve(file));
        List<String> args = new java.util.ArrayList<>(List.of("prewarm", "--function",
                io.mppfc.cli.fixtures.Noisy.class.getName() + "::warns", "--classpath", classes.toString(), "--args",
                "args.txt", "--cache", "c", "--workers", "1"));
        args.addAll(List.of(more));
        CliProcess.Result run = CliProcess.run(dir, args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.all()).isZero();
        return run;
    }
}
