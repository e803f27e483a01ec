package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process's maps tell whether its JVM mapped a class data file, as a JVM maps the archive it uses. */
class ClassDataInUseTest {

    @TempDir
    Path dir;

    @BeforeEach
    void onLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "a /proc file system");
    }

    @Test
    void aFileThisProcessMapsIsInUse() throws Exception {
        Path file = Files.write(dir.resolve("worker-1.aot"), new byte[8192]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192);
            assertThat(ClassDataInUse.mapped(ProcessHandle.current().pid(), file)).contains(true);
            assertThat(mapped.get(0)).isZero(); // held until the check is done
        }
    }

    @Test
    void aFileUnderANameOutsideAsciiThisProcessMapsIsInUse() throws Exception {
        // the kernel writes the path's bytes as they are (UTF-8 here): a user named José, a cache under /home/jürgen
        assertThat(mappedHere(Files.createDirectories(dir.resolve("mppfc-cds-jos\u00e9")))).contains(true);
    }

    @Test
    void aFileUnderANameWithALineBreakThisProcessMapsIsInUse() throws Exception {
        assertThat(mappedHere(Files.createDirectories(dir.resolve("two\nlines")))).contains(true);
    }

    @Test
    void aFileUnderANameWithACarriageReturnThisProcessMapsIsInUse() throws Exception {
        assertThat(mappedHere(Files.createDirectories(dir.resolve("two\rlines")))).contains(true);
    }

    /** What the look says of a file in {@code under} while this process maps it. */
    private static Optional<Boolean> mappedHere(Path under) throws Exception {
        Path file = Files.write(under.resolve("worker.aot"), new byte[8192]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192);
            Optional<Boolean> said = ClassDataInUse.mapped(ProcessHandle.current().pid(), file);
            assertThat(mapped.get(0)).isZero(); // held until the check is done
            return said;
        }
    }

    @Test
    void aFileThisProcessDoesNotMapIsNotInUse() throws Exception {
        Path file = Files.write(dir.resolve("worker-2.aot"), new byte[8192]);
        assertThat(ClassDataInUse.mapped(ProcessHandle.current().pid(), file)).contains(false);
    }

    @Test
    void aProcessThatIsGoneSaysNothing() throws Exception {
        Path file = Files.write(dir.resolve("worker-3.aot"), new byte[8192]);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        assertThat(ClassDataInUse.mapped(gone.pid(), file)).isEmpty();
    }

    @Test
    void aFileThatIsGoneSaysNothing() {
        assertThat(ClassDataInUse.mapped(ProcessHandle.current().pid(), dir.resolve("worker-4.aot"))).isEmpty();
    }
}
