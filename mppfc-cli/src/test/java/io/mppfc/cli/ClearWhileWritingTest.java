package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cli.fixtures.Grid;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mppfc clear} while another JVM writes: clear succeeds, and nothing is left half-visible. */
class ClearWhileWritingTest {

    private static final String FUNCTION = Grid.class.getName() + "::twice";

    @TempDir
    Path dir;

    /** The writer: stores entries until its standard input is closed. */
    public static void main(String[] args) throws Exception {
        Thread stop = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until the test closes it
                }
            } catch (java.io.IOException e) {
                // closed
            }
        });
        stop.setDaemon(true);
        stop.start();
        try (var f = Mppfc.cache(Grid::twice).path(Path.of(args[0])).build()) {
            f.apply(0L);
            System.out.println("ready");
            System.out.flush();
            for (long i = 1; stop.isAlive() && i < 10_000_000; i++) {
                f.apply(i);
            }
        }
    }

    @Test
    void clearWhileAnotherJvmWritesSucceedsAndLeavesNothingHalfVisible() throws Exception {
        Path root = dir.resolve("c");
        Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), ClearWhileWritingTest.class.getName(), root.toString())
                .redirectError(dir.resolve("writer.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).get(120, TimeUnit.SECONDS)).isEqualTo("ready");
            for (int round = 0; round < 3; round++) {
                awaitFunctionDirectory(root, writer, dir.resolve("writer.err"));
                CliProcess.Result clear = CliInProcess.run("clear", "--cache", root.toString(), "--function", FUNCTION,
                        "--yes");
                assertThat(clear.exitCode()).as(clear.all()).isZero();
                assertThat(clear.out()).startsWith("deleted ");
            }
            writer.getOutputStream().close();
            assertThat(writer.waitFor(120, TimeUnit.SECONDS)).as("the writer stops").isTrue();
            assertThat(writer.exitValue()).as(Files.readString(dir.resolve("writer.err"))).isZero();
        } finally {
            writer.destroyForcibly();
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                assertThat(child.getFileName().toString()).as("a leftover of clear").doesNotStartWith(".clearing-");
                if (Files.isDirectory(child) && !child.getFileName().toString().startsWith(".")) {
                    assertThat(CacheMarker.isFunctionDirectory(child)).as(child + " is half visible").isTrue();
                }
            }
        }
        CliProcess.Result status = CliInProcess.run("status", "--cache", root.toString());
        assertThat(status.exitCode()).as(status.all()).isZero();
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", root.toString());
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        CliProcess.Result clear = CliInProcess.run("clear", "--cache", root.toString(), "--function", FUNCTION, "--yes");
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(CacheInventory.functionDirectories(root)).isEmpty();
    }

    @Test
    void aLeftoverOfAnInterruptedClearIsRemovedByTheNextClear() throws Exception {
        Path root = dir.resolve("c");
        try (var f = Mppfc.cache(Grid::twice).path(root).build()) {
            f.apply(1L);
        }
        Path leftover = Files.createDirectories(root.resolve(".clearing-old-0123/abc"));
        Files.writeString(leftover.resolve("entry"), "half deleted");
        CliProcess.Result clear = CliInProcess.run("clear", "--cache", root.toString(), "--function", FUNCTION, "--yes");
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(root.resolve(".clearing-old-0123")).doesNotExist();
    }

    @Test
    void aLeftoverOfAnInterruptedClearIsRemovedByGc() throws Exception {
        Path root = dir.resolve("c");
        try (var f = Mppfc.cache(Grid::twice).path(root).build()) {
            f.apply(1L);
        }
        Files.createDirectories(root.resolve(".clearing-old-0123/abc"));
        CliProcess.Result gc = CliInProcess.run("gc", "--cache", root.toString(), "--max-size", "1G");
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(root.resolve(".clearing-old-0123")).doesNotExist();
        assertThat(CacheInventory.functionDirectories(root)).hasSize(1);
    }

    private static void awaitFunctionDirectory(Path root, Process writer, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (CacheInventory.functionDirectories(root).isEmpty()) {
            assertThat(writer.isAlive()).as("the writer runs on: " + Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("the writer makes its directory again; " + Files.readString(log)
                    + "; in the root: " + java.util.Arrays.toString(root.toFile().list())).isLessThan(deadline);
            Thread.sleep(10); // polls the condition, bounded above
        }
    }
}
