package io.mppfc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.examples.faults.CoordinatorKill;
import io.mppfc.examples.faults.Fuzz;
import io.mppfc.examples.faults.HostileEntries;
import io.mppfc.examples.faults.KillLoop;
import io.mppfc.examples.faults.Soak;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast part of scripts/fault-suite: each fault program, with small counts, in its own JVM. */
class FaultProgramsTest {

    @TempDir
    Path dir;

    private String run(Class<?> program, String count) throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(program, dir, count);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        return result.stdout();
    }

    @Test
    void killingWorkersLosesNothingAndHangsNothing() throws Exception {
        assertThat(run(KillLoop.class, "3")).contains("0 neither; 0 awaitAll hangs; 0 temp files left; 0 damaged entries");
    }

    @Test
    void killingTheCoordinatorTakesItsWorkersAlong() throws Exception {
        assertThat(run(CoordinatorKill.class, "2")).contains("0 damaged entries; 0 reruns that did not finish");
    }

    @Test
    void theCoordinatorStaysFlatOverManyTasks() throws Exception {
        assertThat(run(Soak.class, "10000")).contains("done 10000, failed 0");
    }

    @Test
    void plantedEntriesGiveNoWrongValueNoHangNoOutOfMemoryAndNoWriteOutside() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HostileEntries.class.getName(), "1"), dir);
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("wrong values 0; hangs 0; out of memory 0; writes outside the cache 0; "
                + "refused by the allow-list 2; other exceptions 0");
    }

    @Test
    void fuzzedInputsOnlyGiveTheDocumentedExceptions() throws Exception {
        assertThat(run(Fuzz.class, "10000")).contains("no other exception");
    }
}
