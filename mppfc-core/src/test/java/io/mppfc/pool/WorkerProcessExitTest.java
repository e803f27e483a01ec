package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.function.FunctionRef;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process that dies as it starts (a JVM refusing its options) is reported by its exit
 * code and what it wrote, however its death races the writing of its HELLO: found as a prewarm
 * that said "could not be started: Stream closed" once in twelve runs, the bytes of a HELLO
 * buffered after the process had exited failing the close of its stdin.
 */
@Timeout(120)
class WorkerProcessExitTest {

    private static final int LAUNCHES = 150;

    @TempDir
    Path dir;

    private static Messages.Hello hello() {
        return new Messages.Hello(Messages.PROTOCOL_VERSION, "com.acme.F", "f", "(I)I", FunctionRef.Kind.STATIC, false,
                new byte[] {1, 0, 0, 0, 0}, "/nowhere", "", "abc", (byte) 1, false, List.of(), List.of(), 0, 1000, 0,
                "", List.of(), List.of(), true);
    }

    @Test
    void aProcessThatExitsAtOnceIsReportedByItsExitCodeNeverAsNotStarted() throws Exception {
        for (int launch = 0; launch < LAUNCHES; launch++) {
            EventInbox inbox = new EventInbox();
            WorkerProcess worker = new WorkerProcess(1, hello(), inbox, key -> false, true, (key, length, tag) -> null);
            worker.launch(new WorkerCommand(List.of("sh", "-c", "echo 'Too small maximum heap'; exit 3"), Map.of(),
                    "here"));
            WorkerExit exit = exitOf(inbox);
            assertThat(exit.startError()).as("launch " + launch).isNull();
            assertThat(exit.exitValue()).as("launch " + launch).isEqualTo(3);
            assertThat(exit.lastStdoutText()).as("launch " + launch).contains("Too small maximum heap");
        }
    }

    @Test
    void aCommandThatCannotRunIsStillAStartError() throws Exception {
        EventInbox inbox = new EventInbox();
        WorkerProcess worker = new WorkerProcess(1, hello(), inbox, key -> false, true, (key, length, tag) -> null);
        worker.launch(new WorkerCommand(List.of(dir.resolve("no-such-java").toString()), Map.of(), "here"));
        WorkerExit exit = exitOf(inbox);
        assertThat(exit.exitValue()).isNull();
        assertThat(exit.startError()).contains("no-such-java");
    }

    private static WorkerExit exitOf(EventInbox inbox) throws InterruptedException {
        List<PoolEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            inbox.takeInto(events, TimeUnit.MILLISECONDS.toNanos(100));
            for (PoolEvent event : events) {
                if (event instanceof PoolEvent.Exited exited) {
                    return exited.exit();
                }
            }
        }
        throw new AssertionError("no exit posted within 20 s: " + events);
    }
}
