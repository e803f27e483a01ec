package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.CacheKey;
import io.mppfc.function.FunctionRef;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pool is told when a worker process goes wrong, in words that point at the real cause. A
 * process that dies as it starts (a JVM refusing its options) is reported by its exit code and
 * what it wrote, however its death races the writing of its HELLO: found as a prewarm that said
 * "could not be started: Stream closed" once in twelve runs, the bytes of a HELLO buffered after
 * the process had exited failing the close of its stdin.
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
            WorkerProcess worker = new WorkerProcess(1, hello(), inbox, (key, since) -> false, true, (key, length, tag) -> null);
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
        WorkerProcess worker = new WorkerProcess(1, hello(), inbox, (key, since) -> false, true, (key, length, tag) -> null);
        worker.launch(new WorkerCommand(List.of(dir.resolve("no-such-java").toString()), Map.of(), "here"));
        WorkerExit exit = exitOf(inbox);
        assertThat(exit.exitValue()).isNull();
        assertThat(exit.startError()).contains("no-such-java");
    }

    /**
     * A DONE whose entry is not in the cache is a protocol error (a function can forge frames on
     * the real stdout), but the entry may also have been removed by a {@code clear} in another
     * process since the worker stored it: the error names both, not the function alone.
     */
    @Test
    void aDoneWithoutItsEntryNamesAClearAsWellAsAForgery() throws Exception {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(FrameWriter.frame(FrameType.READY,
                new WorkerReports.Ready(Messages.PROTOCOL_VERSION, 1, "h").encode()));
        frames.writeBytes(FrameWriter.frame(FrameType.DONE, new WorkerReports.Done(1, new byte[32], 1).encode()));
        Path stream = Files.write(dir.resolve("frames"), frames.toByteArray());
        EventInbox inbox = new EventInbox();
        WorkerProcess worker = new WorkerProcess(1, hello(), inbox, (key, since) -> false, true, (key, length, tag) -> null);
        worker.sendJob(new Task(1, CacheKey.of(new byte[32]), new byte[] {1}, "f(1)"));
        worker.launch(new WorkerCommand(List.of("sh", "-c", "cat \"$0\"; exec cat >/dev/null", stream.toString()),
                Map.of(), "here"));
        PoolEvent.ProtocolError error = null;
        List<PoolEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (error == null && System.nanoTime() < deadline) {
            inbox.takeInto(events, TimeUnit.MILLISECONDS.toNanos(100));
            error = events.stream().filter(PoolEvent.ProtocolError.class::isInstance)
                    .map(PoolEvent.ProtocolError.class::cast).findFirst().orElse(null);
        }
        worker.closeStdin();
        assertThat(error).as("a protocol error within 20 s: " + events).isNotNull();
        assertThat(error.what()).contains("task 1 done, but no entry").contains("mppfc clear or gc");
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
