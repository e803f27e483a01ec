package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionRef;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process run for its class data alone: its hello and job come from a file, nobody reads
 * its pipes, and it stops by itself once the job is answered; its exit code says whether the job
 * was done, as only such a recording is kept.
 */
@Timeout(120)
class RehearsalTest {

    @TempDir
    Path dir;

    private Messages.Hello hello(String function) {
        return hello(function, "", List.of(), List.of());
    }

    private Messages.Hello hello(String function, String codeVersion, List<String> ownClasses,
            List<byte[]> ownClassFiles) {
        return new Messages.Hello(Messages.PROTOCOL_VERSION, TestFunctions.class.getName(), function, "(I)I",
                FunctionRef.Kind.STATIC, false, Footprint.ofArguments(), dir.resolve("cache").toString(), "", "",
                Codecs.id(Codec.FORY), false, List.copyOf(ClassAllowList.JDK_VALUES.classes()),
                List.copyOf(ClassAllowList.JDK_VALUES.packages()), 0, (int) TimeUnit.HOURS.toMillis(1), 0, codeVersion,
                ownClasses, ownClassFiles, false);
    }

    /** Runs WorkerMain with its stdin from a file of a hello and one job for {@code function(7)}; its exit code. */
    private int rehearse(String function) throws Exception {
        return rehearse(hello(function));
    }

    private int rehearse(Messages.Hello hello) throws Exception {
        return rehearse(hello, 1);
    }

    private int rehearse(Messages.Hello hello, int jobs) throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        FrameWriter script = new FrameWriter(frames);
        script.write(FrameType.HELLO, hello.encode());
        script.write(FrameType.JOB, new Messages.Job(1, Footprint.sha256(7L), Footprint.ofArguments(7)).encode());
        Path input = Files.write(dir.resolve("frames"), frames.toByteArray());
        Process worker = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dmppfc.worker.rehearsal=true", "-D" + Rehearsal.JOBS_PROPERTY + "=" + jobs, "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName())
                .redirectInput(input.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(worker.waitFor(90, TimeUnit.SECONDS)).as("the worker stops by itself").isTrue();
        return worker.exitValue();
    }

    @Test
    void aRehearsalStoresItsOneResultAndExitsCleanly() throws Exception {
        assertThat(rehearse("identity")).isZero();
        DiskCache cache = DiskCache.open(dir.resolve("cache"), Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES),
                ClassAllowList.JDK_VALUES, false);
        assertThat(cache.read(CacheKey.of(Footprint.sha256(7L))).value()).isEqualTo(7);
    }

    @Test
    void aRehearsalOfManyJobsRunsItsJobUnderAKeyOfItsOwnEachTimeAndExitsCleanly() throws Exception {
        assertThat(rehearse(hello("identity"), 50)).isZero();
        DiskCache cache = DiskCache.open(dir.resolve("cache"), Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES),
                ClassAllowList.JDK_VALUES, false);
        for (int i : new int[] {0, 1, 49}) {
            byte[] key = Footprint.sha256(7L);
            if (i > 0) {
                ByteBuffer.wrap(key).putInt(key.length - Integer.BYTES, i);
            }
            assertThat(cache.read(CacheKey.of(key)).value()).as("the result of job %d", i).isEqualTo(7);
        }
    }

    @Test
    void aRehearsalWhoseJobFailsExitsWithAnError() throws Exception {
        assertThat(rehearse("failing")).isEqualTo(1);
    }

    /** The class files of {@code TestFunctions} as the worker reads them, and the version they are taken for. */
    private Messages.Hello helloWithCode(byte[] classFile) {
        return hello("identity", "0123456789abcdef", List.of(TestFunctions.class.getName().replace('.', '/')),
                List.of(classFile));
    }

    @Test
    void aRehearsalWhoseClassFilesAreTheHellosTakesItsCodeVersionAndStoresTheResult() throws Exception {
        byte[] classFile;
        try (var in = TestFunctions.class.getResourceAsStream("TestFunctions.class")) {
            classFile = in.readAllBytes();
        }
        assertThat(rehearse(helloWithCode(classFile))).isZero();
    }

    @Test
    void aRehearsalWhoseCodeVersionIsNotItsOwnRefusesTheJob() throws Exception {
        // 2: the worker refused at its hello, before it said READY, as a real worker refuses
        assertThat(rehearse(helloWithCode(new byte[] {1, 2, 3}))).isEqualTo(2);
    }
}
