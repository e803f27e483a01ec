package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program killed with SIGKILL, with its worker, before the worker mapped its started slot
 * leaves the slot's file in the temp directory; the next program's pool removes it, and never
 * the slot of a program still running. Real programs sharing a temp directory of the test's,
 * each with one worker paused before its main, so that no worker ever maps its slot.
 */
@Timeout(300)
class StartedSlotLeakTest {

    @TempDir
    Path dir;
    private Path tmp;
    private final List<Paused> started = new ArrayList<>();

    @BeforeEach
    void makeTempDirectory() throws Exception {
        tmp = Files.createDirectory(dir.resolve("tmp"));
    }

    @AfterEach
    void killThemAll() throws Exception {
        for (Paused p : started) {
            p.kill();
        }
    }

    /** A program whose one worker is paused before its main, with the slot its pool made for it. */
    private record Paused(Process program, Path slot) {

        /** SIGKILL to the program and its worker, as when a job is cancelled; waits until both are gone. */
        void kill() throws Exception {
            List<ProcessHandle> all = new ArrayList<>(program.toHandle().descendants().toList());
            all.add(program.toHandle());
            all.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : all) {
                p.onExit().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private Paused paused(String name) throws Exception {
        Process program = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), SlotProgram.class.getName(),
                dir.resolve(name).toString(), dir.resolve(name + ".paused").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new BufferedReader(new InputStreamReader(program.getInputStream(), StandardCharsets.UTF_8)).readLine();
        Paused paused = new Paused(program, line == null ? null : Path.of(line.substring("SLOT ".length())));
        started.add(paused);
        assertThat(line).as("the program names its slot").startsWith("SLOT ");
        return paused;
    }

    private static boolean gone(Path slot) {
        return !Files.exists(slot);
    }

    @Test
    void aSlotLeftByAProgramKilledBeforeItsWorkerMappedItIsRemovedByTheNextPoolsStart() throws Exception {
        Paused killed = paused("killed");
        killed.kill();
        assertThat(killed.slot()).as("left by the kill").exists();

        paused("next");

        Eventually.until("the slot left by the killed program removed", () -> gone(killed.slot()));
    }

    @Test
    void theSlotOfAProgramStillRunningSurvivesTheNextPoolsSweep() throws Exception {
        Paused live = paused("live");
        Paused killed = paused("killed");
        killed.kill();

        paused("next");

        Eventually.until("the next pool's sweep", () -> gone(killed.slot()));
        assertThat(live.slot()).as("the running program's slot").exists();
    }
}
