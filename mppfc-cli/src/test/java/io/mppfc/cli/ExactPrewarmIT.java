package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Exact;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** prewarm through the real jar computes the very keys the program then asks for. */
@Timeout(300)
class ExactPrewarmIT {

    private static final String DECIMAL = Exact.class.getName() + "::decimal";
    private static final List<String> NUMBERS = List.of("1.10", "1.1", "12345678901234567890.123456789", "1e400",
            "0.1", "-0.000");

    @TempDir
    Path dir;

    private CliProcess.Result prewarm(String cache, String argsFile, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("prewarm", "--function", DECIMAL, "--classpath",
                CliProcess.FIXTURES, "--cache", cache, "--workers", "1", "--args", argsFile));
        args.addAll(List.of(more));
        return CliProcess.run(dir, args.toArray(String[]::new));
    }

    private void assertTheProgramHitsEveryOne(String cache) {
        int calls = Exact.CALLS.get();
        try (var decimal = Mppfc.cache(Exact::decimal).path(dir.resolve(cache)).build()) {
            for (String text : NUMBERS) {
                assertThat(decimal.hasKey(new BigDecimal(text))).as(text).isTrue();
                assertThat(decimal.apply(new BigDecimal(text))).isEqualTo(new BigDecimal(text).toString());
            }
        }
        assertThat(Exact.CALLS.get()).as("every apply a hit").isEqualTo(calls);
    }

    @Test
    void prewarmedDecimalsAreHitsForTheProgramWithEveryDigitAndScale() throws Exception {
        Files.write(dir.resolve("in.jsonl"), NUMBERS.stream().map(n -> "[" + n + "]").toList());
        CliProcess.Result r = prewarm("c", "in.jsonl");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("6 tuples");
        assertTheProgramHitsEveryOne("c");
    }

    @Test
    void whatLsJsonPrintsPrewarmsAnotherCacheWithTheSameKeys() throws Exception {
        Files.write(dir.resolve("in.jsonl"), NUMBERS.stream().map(n -> "[" + n + "]").toList());
        assertThat(prewarm("c", "in.jsonl").exitCode()).isZero();
        CliProcess.Result ls = CliProcess.run(dir, "ls", "--cache", "c", "--function", DECIMAL, "--json");
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        Files.writeString(dir.resolve("ls.jsonl"), ls.out());
        CliProcess.Result again = prewarm("c2", "ls.jsonl");
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertTheProgramHitsEveryOne("c2");
    }

    @Test
    void prewarmMarksTheCacheRootAndWritesCachedirTagOnlyWhenAsked() throws Exception {
        Files.write(dir.resolve("in.jsonl"), List.of("[1.5]"));
        assertThat(prewarm("plain", "in.jsonl").exitCode()).isZero();
        assertThat(dir.resolve("plain").resolve(io.mppfc.cache.CacheMarker.FILE)).isRegularFile();
        assertThat(dir.resolve("plain").resolve(io.mppfc.cache.CacheMarker.CACHEDIR_TAG)).doesNotExist();
        assertThat(prewarm("tagged", "in.jsonl", "--cachedir-tag").exitCode()).isZero();
        assertThat(dir.resolve("tagged").resolve(io.mppfc.cache.CacheMarker.CACHEDIR_TAG))
                .content().startsWith("Signature: 8a477f597d28d172789f06886806bc55");
    }

    @Test
    void theLongestStaleAfterFindsStoredResultsCachedNotFailed() throws Exception {
        Files.write(dir.resolve("in.jsonl"), NUMBERS.stream().map(n -> "[" + n + "]").toList());
        assertThat(prewarm("c", "in.jsonl").exitCode()).isZero();
        CliProcess.Result r = prewarm("c", "in.jsonl", "--stale-after=99999999999999d");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.all()).doesNotContain("FAILED", "DateTime", "Exception");
    }
}
