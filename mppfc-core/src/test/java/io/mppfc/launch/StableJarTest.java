package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StableJarTest {

    @TempDir
    Path dir;

    private static byte[] pack(Path directory) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StableJar.pack(directory, out);
        return out.toByteArray();
    }

    private static void write(Path root, String name, String text, Instant mtime) throws Exception {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    @Test
    void theSameClassesPackToTheSameBytesWhateverTheirTimesAndTheOrderTheyWereWritten() throws Exception {
        Path a = dir.resolve("a");
        write(a, "demo/A.class", "class A", Instant.parse("2020-01-01T00:00:00Z"));
        write(a, "demo/inner/B.class", "class B", Instant.parse("2021-06-01T12:00:00Z"));
        write(a, "z.properties", "z=1", Instant.parse("2022-01-01T00:00:00Z"));
        Path b = dir.resolve("b");
        write(b, "z.properties", "z=1", Instant.parse("2026-12-07T07:00:00Z"));
        write(b, "demo/inner/B.class", "class B", Instant.parse("2026-12-07T07:00:01Z"));
        write(b, "demo/A.class", "class A", Instant.parse("2026-12-07T07:00:02Z"));

        byte[] first = pack(a);
        assertThat(pack(a)).as("packed twice").isEqualTo(first);
        assertThat(pack(b)).as("other times, other order of writing").isEqualTo(first);
    }

    @Test
    void otherContentPacksToOtherBytes() throws Exception {
        Path a = dir.resolve("a");
        write(a, "demo/A.class", "class A", Instant.EPOCH);
        Path b = dir.resolve("b");
        write(b, "demo/A.class", "class A2", Instant.EPOCH);
        assertThat(pack(b)).isNotEqualTo(pack(a));
    }

    @Test
    void thePackedJarHoldsEveryFileAndDirectoryInNameOrder() throws Exception {
        Path a = dir.resolve("a");
        write(a, "b/Two.class", "two", Instant.EPOCH);
        write(a, "a/One.class", "one", Instant.EPOCH);
        List<String> names = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(pack(a)))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
                contents.add(new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(names).containsExactly("a/", "a/One.class", "b/", "b/Two.class");
        assertThat(contents).containsExactly("", "one", "", "two");
    }

    private static List<String> names(byte[] jar) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    /** As the JVM's class loader sees it: a linked package directory (Bazel's output is a forest of links) is there. */
    @Test
    void theClassesOfALinkedDirectoryAreShippedAsTheJvmFindsThem() throws Exception {
        Path elsewhere = dir.resolve("elsewhere");
        write(elsewhere, "B.class", "class B", Instant.EPOCH);
        Path classes = dir.resolve("classes");
        write(classes, "demo/A.class", "class A", Instant.EPOCH);
        Files.createSymbolicLink(classes.resolve("demo/inner"), elsewhere);

        assertThat(names(pack(classes))).contains("demo/A.class", "demo/inner/B.class");
    }

    @Test
    void aFifoOrALoopInAClassDirectoryIsLeftOutWithoutAHang() throws Exception {
        Path classes = dir.resolve("classes");
        write(classes, "demo/A.class", "class A", Instant.EPOCH);
        Path pipe = classes.resolve("demo/pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(classes.resolve("demo/loop"), classes);

        // on a thread of its own: a read of the FIFO would block where no timeout can interrupt it
        java.util.concurrent.FutureTask<byte[]> packing = new java.util.concurrent.FutureTask<>(() -> pack(classes));
        Thread thread = new Thread(packing, "stable-jar-of-a-fifo");
        thread.setDaemon(true);
        thread.start();
        try {
            assertThat(names(packing.get(60, java.util.concurrent.TimeUnit.SECONDS)))
                    .containsExactly("demo/", "demo/A.class");
        } catch (java.util.concurrent.TimeoutException e) {
            new java.io.FileOutputStream(pipe.toFile()).close(); // the reader is waiting: this frees it
            throw new AssertionError("packing a directory holding a FIFO hung", e);
        }
    }
}
