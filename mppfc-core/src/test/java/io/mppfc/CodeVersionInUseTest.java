package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.maintenance.OldCodeVersions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc --keep-code-versions} against a program that has its function open in another JVM. */
@Timeout(180)
class CodeVersionInUseTest {

    @TempDir
    Path dir;

    static double square(double x) {
        return x * x;
    }

    /** The program: builds the function, stores five results, then applies what stdin asks for. */
    public static void main(String[] args) throws Exception {
        var f = Mppfc.cache(CodeVersionInUseTest::square).path(Path.of(args[0])).build();
        for (int i = 0; i < 5; i++) {
            f.apply((double) i);
        }
        System.out.println("open");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            System.out.println(f.apply(Double.parseDouble(line)));
        }
    }

    /** A running program, talked to line by line. */
    private record Program(Process process, BufferedReader out, PrintWriter in) implements AutoCloseable {

        static Program start(Path cache, Path log) throws IOException {
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), CodeVersionInUseTest.class.getName(), cache.toString())
                    .redirectError(log.toFile()).start();
            Program program = new Program(p, new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)), new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(program.out.readLine()).as("the program's first line").isEqualTo("open");
            return program;
        }

        String apply(double x) throws IOException {
            in.println(x);
            return out.readLine();
        }

        @Override
        public void close() {
            in.close();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the program ends").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the program ended", e);
            }
        }
    }

    /** The program's version, used before two others were (which a run of other code made meanwhile). */
    private Path olderThanTwoOthers(Path cache) throws IOException {
        Path running = CacheInventory.functionDirectories(cache).get(0);
        Files.setLastModifiedTime(running.resolve("last-used"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(running, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        String function = CodeVersions.function(running.getFileName().toString());
        for (String version : new String[] {"00000000000000a1", "00000000000000a2"}) {
            Path other = cache.resolve(CodeVersions.directoryName(function, version));
            io.mppfc.cache.DiskCache.open(other, io.mppfc.cache.codec.Codecs.create(Codec.FORY,
                    io.mppfc.cache.codec.ClassAllowList.JDK_VALUES), io.mppfc.cache.codec.ClassAllowList.JDK_VALUES, false)
                    .releaseInUse(); // a function directory of the cache, no longer open
            CodeVersions.recordUse(other);
        }
        return running;
    }

    @Test
    void aCodeVersionARunningProgramHasOpenIsNotRemovedAndTheProgramGoesOnStoring() throws Exception {
        Path cache = dir.resolve("cache");
        try (Program program = Program.start(cache, dir.resolve("program.log"))) {
            Path running = olderThanTwoOthers(cache);

            OldCodeVersions.Removed removed = OldCodeVersions.remove(cache, 1);

            assertThat(removed.inUse()).isEqualTo(1);
            assertThat(removed.versions()).isEqualTo(1);
            assertThat(running).isDirectory();
            assertThat(CacheInventory.count(running)).isEqualTo(5);
            assertThat(program.apply(7)).isEqualTo("49.0");
            assertThat(CacheInventory.count(running)).isEqualTo(6);
        }
    }

    @Test
    void aCodeVersionIsRemovedOnceTheProgramThatHadItOpenHasEnded() throws Exception {
        Path cache = dir.resolve("cache");
        Path running;
        try (Program program = Program.start(cache, dir.resolve("program.log"))) {
            running = olderThanTwoOthers(cache);
            assertThat(program.apply(2)).as("the program had its version open meanwhile").isEqualTo("4.0");
        }

        OldCodeVersions.Removed removed = OldCodeVersions.remove(cache, 1);

        assertThat(removed.inUse()).isZero();
        assertThat(removed.versions()).isEqualTo(2);
        assertThat(removed.entries()).isEqualTo(5);
        assertThat(running).doesNotExist();
    }
}
