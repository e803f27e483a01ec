package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cli.fixtures.Grid;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Input a new user gets wrong and an attacker plants, through the real jar: one line, exit 2, the cache untouched. */
@Timeout(180)
class HostileInputIT {

    @TempDir
    Path dir;

    private static final String TWICE = Grid.class.getName() + "::twice";

    private static List<Path> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted().toList();
        }
    }

    private CliProcess.Result prewarm(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("prewarm", "--function", TWICE, "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--workers", "1"));
        args.addAll(List.of(more));
        return CliProcess.run(dir, args.toArray(String[]::new));
    }

    private CliProcess.Result prewarmLines(String content) throws Exception {
        Files.write(dir.resolve("in.jsonl"), content.getBytes(StandardCharsets.ISO_8859_1));
        return prewarm("--args", "in.jsonl");
    }

    private static void assertBadInput(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains(says).doesNotContain("Exception", "\tat ", "DeserializationFeature", "REDACTED");
    }

    @Test
    void twoTuplesOnOneLineAreAnError() throws Exception {
        assertBadInput(prewarmLines("[1]\n[2] [3]\n"), "in.jsonl line 2, column 5", "not one JSON array", "follows");
    }

    @Test
    void textAfterTheArrayIsAnError() throws Exception {
        assertBadInput(prewarmLines("[1]xyz\n"), "line 1");
    }

    @Test
    void aStringIsNotALong() throws Exception {
        assertBadInput(prewarmLines("[1]\n[\"5\"]\n"), "line 2, argument 1", "\"5\" is not a long");
    }

    @Test
    void aRecordIsNamedAsJavaSourceNamesIt() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::energy(Params)",
                "--classpath", CliProcess.FIXTURES, "--cache", "c", "--workers", "1", "--args", write("[{\"x\": \"a\"}]\n"));
        assertBadInput(r, "{\"x\":\"a\"} is not an io.mppfc.cli.fixtures.Grid.Params");
        assertThat(r.err()).doesNotContain("Lio/", "$");
    }

    @Test
    void invalidUtf8NamesItsLine() throws Exception {
        assertBadInput(prewarmLines("[1]\n[2]\n[\"\u00ff\u00fe\"]\n"), "line 3", "UTF-8");
    }

    @Test
    void anEndlessLineIsRefusedNotReadIntoTheHeap() throws Exception {
        assertBadInput(prewarm("--args", "/dev/zero"), "line 1", "longer than 16 MiB");
    }

    @Test
    void aCacheThatIsAFileIsOneLineInEveryCommand() throws Exception {
        Files.writeString(dir.resolve("c"), "not a cache");
        assertBadInput(prewarmLines("[1]\n"), "--cache", "is a file, not a cache directory");
        assertBadInput(CliProcess.run(dir, "get", "--function", TWICE, "--classpath", CliProcess.FIXTURES, "--cache", "c",
                "--args", "[1]"), "--cache", "is a file, not a cache directory");
        for (String command : List.of("status", "ls", "verify")) {
            assertBadInput(CliProcess.run(dir, command, "--cache", "c"), "--cache");
        }
        assertBadInput(CliProcess.run(dir, "gc", "--cache", "c", "--max-size", "1G"), "--cache");
    }

    @Test
    void getOfATypoedCacheCreatesNothing() throws Exception {
        CliProcess.Result r = CliProcess.run(dir, "get", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--cache", "typo", "--args", "[1]");
        assertThat(r.exitCode()).as("a cache that is not there is bad input: " + r.all()).isEqualTo(2);
        assertThat(r.err()).contains("typo").doesNotContain("\tat ");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void aClassTheCommandWasNotToldToAllowIsNeverQuarantined() throws Exception {
        Path cache = dir.resolve("c");
        try (MultiProcCachedFunction1<Integer, Object> measured = Mppfc.cache(Grid::measured).path(cache)
                .allowClasses(Grid.Measurement.class).build()) {
            measured.apply(3);
        }
        List<Path> before = tree(cache);
        String function = Grid.class.getName() + "::measured";
        CliProcess.Result refused = CliProcess.run(dir, "get", "--function", function, "--classpath", CliProcess.FIXTURES,
                "--cache", "c", "--args", "[3]");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("--allow-classes io.mppfc.cli.fixtures.Grid.Measurement").doesNotContain("\tat ");
        assertThat(tree(cache)).isEqualTo(before);
        CliProcess.Result allowed = CliProcess.run(dir, "get", "--function", function, "--classpath", CliProcess.FIXTURES,
                "--cache", "c", "--args", "[3]", "--allow-classes", "io.mppfc.cli.fixtures.Grid.Measurement");
        assertThat(allowed.exitCode()).as(allowed.all()).isZero();
        assertThat(allowed.out()).contains("\"value\":3");
        assertThat(tree(cache)).isEqualTo(before);
    }

    @Test
    void prewarmSaysOnceWhichClassToAllowAndStoresWithTheOption() throws Exception {
        String function = Grid.class.getName() + "::measured";
        Path args = dir.resolve("three.jsonl");
        Files.writeString(args, "[1]\n[2]\n[3]\n");
        CliProcess.Result refused = CliProcess.run(dir, "prewarm", "--function", function, "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--workers", "1", "--args", args.toString());
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.out()).containsOnlyOnce("--allow-classes io.mppfc.cli.fixtures.Grid.Measurement")
                .contains("FAILED 3 tasks").doesNotContain("Fory#register");
        CliProcess.Result stored = CliProcess.run(dir, "prewarm", "--function", function, "--classpath",
                CliProcess.FIXTURES, "--cache", "c", "--workers", "1", "--args", args.toString(),
                "--allow-classes", "io.mppfc.cli.fixtures.Grid.Measurement");
        assertThat(stored.exitCode()).as(stored.all()).isZero();
        assertThat(stored.out()).contains("3 computed");
    }

    @Test
    void aFifoAtAnEntryPathHangsNoCommand() throws Exception {
        Path cache = dir.resolve("c");
        Path entry;
        try (MultiProcCachedFunction1<Long, Long> twice = Mppfc.cache(Grid::twice).path(cache).build()) {
            twice.apply(1L);
            entry = io.mppfc.cache.maintenance.CacheInventory.entries(twice.cacheDir()).get(0).path();
        }
        Files.delete(entry);
        Process mkfifo = new ProcessBuilder("mkfifo", entry.toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        CliProcess.Result get = CliProcess.run(dir, "get", "--function", TWICE, "--classpath", CliProcess.FIXTURES,
                "--cache", "c", "--args", "[1]");
        assertThat(get.exitCode()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).contains("not a regular file");
        assertThat(CliProcess.run(dir, "status", "--cache", "c").exitCode()).isZero();
        assertThat(CliProcess.run(dir, "ls", "--cache", "c", "--function", TWICE).exitCode()).isZero();
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.out()).contains("DAMAGED").contains("special file");
        assertThat(entry).doesNotExist();
    }

    @Test
    void anEntryOfAnUnavailableCodecIsReportedAndIsAMissNotAnError() throws Exception {
        Path cache = dir.resolve("c");
        Path entry;
        MultiProcCachedFunction1<Long, Long> twice = Mppfc.cache(Grid::twice).path(cache).build();
        twice.apply(4L);
        entry = io.mppfc.cache.maintenance.CacheInventory.entries(twice.cacheDir()).get(0).path();
        byte[] bytes = Files.readAllBytes(entry);
        bytes[5] = 2; // the FST codec, which this module's classpath does not have
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        java.nio.ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        Files.write(entry, bytes);
        assertThat(twice.apply(4L)).isEqualTo(8L);
        Files.write(entry, bytes);
        CliProcess.Result verify = CliProcess.run(dir, "verify", "--cache", "c");
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(1);
        assertThat(verify.out()).contains("UNREADABLE HERE").contains("FST").contains("de.ruedigermoeller:fst");
        assertThat(entry).exists();
    }

    private String write(String content) throws Exception {
        Path file = Files.createTempFile(dir, "args", ".jsonl");
        Files.writeString(file, content);
        return file.toString();
    }
}
