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
                .satisfies(l -> assertThat(l).startsWith("mppfc: warning: cache entry ").doesNotContain("[main]",
                        "io.mppfc.cache", "WARN "));
    }
}
