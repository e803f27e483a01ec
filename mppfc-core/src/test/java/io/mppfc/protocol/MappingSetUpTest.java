package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * On JDK 18 and later a JVM's first {@code FileChannel.map} spins method handle classes for the
 * reflective constructor of its buffer (20-40 ms on the way to a first worker, in the coordinator
 * and in the worker); {@link StartedSlot#prepareMapping} does that on a thread of its own
 * beforehand, so the slot's own mapping finds it done. Each count is a fresh JVM's.
 */
class MappingSetUpTest {

    private static long classesLoadedByTheFirstSlot(String how) throws Exception {
        Process probe = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), MappingProbe.class.getName(), how)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(out).isZero();
        return Long.parseLong(out);
    }

    @Test
    void theFirstSlotMadeAfterTheSetUpSpinsNoMethodHandleClasses() throws Exception {
        assumeTrue(Runtime.version().feature() >= 18 && Files.exists(Path.of("/dev/null")),
                "JDK 18+ (reflection through method handles) and a /dev/null");
        long unprepared = classesLoadedByTheFirstSlot("cold");
        long prepared = classesLoadedByTheFirstSlot("prepared");
        // the slot's file and name load the same classes either way; the mapping's ~60 spun ones move to the set-up
        assertThat(unprepared - prepared).as("classes the first slot loaded without the set-up (%d) and after it (%d)",
                unprepared, prepared).isGreaterThan(40);
    }
}
