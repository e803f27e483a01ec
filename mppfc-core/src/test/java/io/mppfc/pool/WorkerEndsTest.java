package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.function.FunctionRef;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.Messages;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the coordinator makes of a worker's end, fed the records of workers that ended; no process. */
class WorkerEndsTest {

    @TempDir
    Path dir;

    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private final List<Integer> replaced = new ArrayList<>();

    private WorkerEnds ends() {
        Messages.Hello hello = new Messages.Hello(Messages.PROTOCOL_VERSION, "com.acme.F", "f", "(I)I",
                FunctionRef.Kind.STATIC, false, new byte[] {1, 0, 0, 0, 0}, dir.toString(), "", "abc", (byte) 1, false,
                List.of(), List.of(), 0, 1000, 0, "", List.of(), List.of(), true);
        WorkerSpec spec = new WorkerSpec(hello, List.of(), "", 1, null, null, false);
        LocalJvmLauncher launcher = new LocalJvmLauncher();
        TaskTally tally = new TaskTally(new TaskBoard(new FailureRecords(dir)), null, 1);
        return new WorkerEnds(spec, launcher, new WorkerSpawner(spec, launcher, (key, since) -> false, new EventInbox(),
                (key, length, tag) -> null), tally, (key, since) -> false, queue);
    }

    /** Exit code 1 before READY: the JVM refused an option, say. */
    private static WorkerExit diedAtStart() {
        return new WorkerExit(1, null, List.of("Unrecognized VM option 'Bogus'",
                "Error: Could not create the Java Virtual Machine.",
                "Error: A fatal exception has occurred. Program will exit."), null,
                new WorkerCommand(List.of("java"), Map.of(), "here"));
    }

    /** Killed by a signal before READY: by the kernel's out-of-memory killer, say; the next start may well succeed. */
    private static WorkerExit killedAtStart() {
        return new WorkerExit(137, null, List.of(), null, new WorkerCommand(List.of("java"), Map.of(), "here"));
    }

    @Test
    void aWorkerKilledBeforeItWasReadyIsReplaced() {
        WorkerEnds ends = ends();
        ends.started();

        ends.exited(new WorkerRecord(1, null, ClassDataPlan.NONE, "t1"), killedAtStart(), true, replaced::add);

        assertThat(replaced).containsExactly(1);
        assertThat(ends.broken()).isNull();
    }

    @Test
    void aJvmThatRefusedToStartGivesThePoolUpAtOnceWithWhatItSaid() {
        WorkerEnds ends = ends();
        ends.started();
        queue.add(new Task(7, CacheKey.of(io.mppfc.footprint.Footprint.sha256(7L)), new byte[0], "f(7)"));

        ends.exited(new WorkerRecord(1, null, ClassDataPlan.NONE, "t1"), diedAtStart(), true, replaced::add);

        assertThat(replaced).as("no second start of a command the JVM refused").isEmpty();
        assertThat(ends.jvmRefusal()).isEqualTo("Unrecognized VM option 'Bogus'");
        assertThat(ends.broken()).contains("did not start (exit code 1)", "Unrecognized VM option 'Bogus'")
                .doesNotContain("Could not create");
        assertThat(queue).isEmpty();
    }

    @Test
    void aJvmMappingClassDataThatRefusedToStartIsStartedAgainWithoutIt() {
        WorkerEnds ends = ends();
        ends.started();
        ClassDataPlan mapping = new ClassDataPlan(List.of("-XX:SharedArchiveFile=" + dir.resolve("a.jsa")), null,
                dir.resolve("a.jsa"), List.of(), null, null, false);

        ends.exited(new WorkerRecord(1, null, mapping, "t1"), diedAtStart(), true, replaced::add);

        assertThat(replaced).as("the class data may be what it refused").containsExactly(1);
        assertThat(ends.broken()).isNull();
    }

    @Test
    void aWorkerThatDiedRecordingClassDataTheJvmRefusedIsReplacedAsWell() {
        WorkerEnds ends = ends();
        ends.started();
        // the first worker of a classpath records its class data (on JDK 24, and where no trainee runs)
        ClassDataPlan recording = new ClassDataPlan(List.of("-XX:ArchiveClassesAtExit=" + dir.resolve("a.jsa.tmp")),
                dir.resolve("a.jsa.tmp"), dir.resolve("a.jsa"), List.of(), null, null, false);

        ends.exited(new WorkerRecord(1, null, recording, "t1"), diedAtStart(), true, replaced::add);

        assertThat(replaced).as("the replacement, which records nothing").containsExactly(1);
    }

    @Test
    void theThirdWorkerInARowThatDiesBeforeItIsReadyGivesThePoolUpAndFailsTheQueue() {
        WorkerEnds ends = ends();
        ends.started();
        queue.add(new Task(7, CacheKey.of(io.mppfc.footprint.Footprint.sha256(7L)), new byte[0], "f(7)"));

        for (int index = 1; index <= ExitPolicy.MAX_START_FAILURES; index++) {
            ends.exited(new WorkerRecord(index, null, ClassDataPlan.NONE, "t" + index), killedAtStart(), true,
                    replaced::add);
        }

        assertThat(ends.broken()).startsWith(ExitPolicy.MAX_START_FAILURES + " worker starts in a row ended before");
        assertThat(replaced).as("replaced until the pool gave up").containsExactly(1, 2);
        assertThat(queue).isEmpty();
    }
}
