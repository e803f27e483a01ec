package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class data damaged after it was made (cut short, overwritten in the middle) crashes a JVM
 * that maps it, SIGBUS or SIGSEGV before the worker is ready (on JDK 17 an overwrite only when the
 * noise hits what the worker loads; JDK 24+ runs without an AOT cache cut short, which is removed
 * once the pool sees from the worker's maps that its JVM did not use it). Found by an attacker's run: every
 * later run of the classpath failed ("3 worker starts in a row ended before the worker was
 * ready") until someone deleted the file by hand. The pool now starts the next worker without
 * class data, gets the work done, and removes the damaged file once that worker is ready.
 */
@Timeout(600)
class DamagedClassDataTest {

    private static final boolean AOT = TestClassData.AOT;

    @TempDir
    Path root;

    @RegisterExtension
    final ClassDataDirectory classData = new ClassDataDirectory(() -> root);

    @Test
    void classDataCutShortIsRemovedAndTheWorkIsDone() throws Exception {
        String classpath = JarClasspath.of(root);
        Path archive = recordArchive(classpath);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 8);
        }
        // JDK 24+ checks an AOT cache's length as it starts and runs without it, so no worker dies
        // of it: the worker's maps show it unused, and it is removed all the same
        assertTheWorkIsDoneAndTheArchiveRemoved(classpath, archive);
    }

    @Test
    void classDataOverwrittenInTheMiddleIsRemovedAndTheWorkIsDone() throws Exception {
        String classpath = JarClasspath.of(root);
        Path archive = recordArchive(classpath);
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            byte[] noise = new byte[(int) (file.length() / 2)];
            new Random(7).nextBytes(noise);
            file.seek(file.length() / 4);
            file.write(noise);
        }
        if (AOT) {
            assertTheWorkIsDoneAndTheArchiveRemoved(classpath, archive);
        } else {
            // JDK 17 maps an AppCDS archive and reads its pages as classes load: in one run of four
            // here the noise missed what a worker loads and it ran on, and its values were right
            // (a worker that dies on it is handled as one on an archive cut short, above)
            assertTheWorkIsDone(classpath, 2);
            assertTheWorkIsDone(classpath, 10);
        }
    }

    @Test
    void classDataTheUsersOptionsTurnOffIsKept() throws Exception {
        String classpath = JarClasspath.of(root);
        Path archive = recordArchive(classpath);
        Object recorded = Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // the worker maps nothing because the user said so: that says nothing against the class data
        String off = AOT ? "-XX:AOTMode=off" : "-Xshare:off";
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                .path(root.resolve("cache")).workerClasspath(classpath).workerJvmOptions(off).build()) {
            f.startWorkers(1);
            for (int i = 20; i < 24; i++) {
                f.apply(i);
            }
            f.awaitAll();
        }
        assertThat(classData.archives()).as("the class data, kept").anyMatch(a -> sameFile(a, recorded));
    }

    @Test
    void classDataOfOneProgramsOptionsIsKeptByARunWithOtherOptions() throws Exception {
        String classpath = JarClasspath.of(root);
        Path archive = recordArchive(classpath);
        Object recorded = Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        // a JDK 24+ JVM refuses an AOT cache recorded under other module options: a run with them
        // removed the other program's cache, whose next run recorded it again, and so on, each run
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                .path(root.resolve("cache")).workerClasspath(classpath).workerJvmOptions("--add-modules=jdk.jfr")
                .build()) {
            f.startWorkers(1);
            for (int i = 30; i < 34; i++) {
                f.apply(i);
            }
            f.awaitAll();
        }
        assertThat(classData.archives()).as("the first program's class data, kept").anyMatch(a -> sameFile(a, recorded));
        classData.awaitArchives("the other options' class data beside the first", 2);
    }

    private Path recordArchive(String classpath) throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
        }
        classData.awaitArchives("the workers' archive in its directory", 1);
        return classData.archives().get(0);
    }

    private void assertTheWorkIsDoneAndTheArchiveRemoved(String classpath, Path damaged) throws Exception {
        Object damagedFile = Files.readAttributes(damaged, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertTheWorkIsDone(classpath, 2);
        assertThat(classData.archives()).as("the damaged class data, removed").noneMatch(a -> sameFile(a, damagedFile));
    }

    /** Four tasks from {@code first} on, on one worker of a new pool, every value right. */
    private void assertTheWorkIsDone(String classpath, int first) throws Exception {
        // a worker crashing on the damaged class data writes its crash report here, not in the build's directory
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                .path(root.resolve("cache")).workerClasspath(classpath)
                .workerJvmOptions("-XX:ErrorFile=" + root.resolve("hs_err_pid%p.log")).build()) {
            f.startWorkers(1);
            for (int i = first; i < first + 4; i++) {
                f.apply(i);
            }
            f.awaitAll();
            for (int i = first; i < first + 4; i++) {
                assertThat(f.cacheOnly(i)).isEqualTo(i);
            }
        }
    }

    private static boolean sameFile(Path path, Object fileKey) {
        try {
            return fileKey.equals(Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        } catch (IOException e) {
            return false;
        }
    }
}
