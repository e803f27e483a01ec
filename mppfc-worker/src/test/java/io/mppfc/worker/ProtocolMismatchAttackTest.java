package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionRef;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.WorkerReports;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator of protocol 8 (whose JOB has no absent flag) speaking to a worker of this build,
 * through real pipes: the worker refuses at the HELLO, says why in the user's terms, runs nothing
 * and writes nothing into the cache.
 */
class ProtocolMismatchAttackTest {

    @TempDir
    Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aProtocol8CoordinatorIsRefusedAtItsHelloWithOneClearLineAndNothingStored() throws Exception {
        Pipe toWorker = Pipe.open();
        Pipe fromWorker = Pipe.open();
        Worker worker = new Worker(Channels.newInputStream(toWorker.source()), Channels.newOutputStream(fromWorker.sink()));
        Future<Integer> exit = threads.submit(worker::run);
        FrameWriter coordinator = new FrameWriter(Channels.newOutputStream(toWorker.sink()));
        FrameReader heard = new FrameReader(Channels.newInputStream(fromWorker.source()), 1 << 20, garbage -> { });
        Messages.Hello old = new Messages.Hello(8, TestFunctions.class.getName(), "identity", "(I)I",
                FunctionRef.Kind.STATIC, false, Footprint.ofArguments(), dir.toString(), "", "",
                Codecs.id(Codec.FORY), false, List.copyOf(ClassAllowList.JDK_VALUES.classes()),
                List.copyOf(ClassAllowList.JDK_VALUES.packages()), 1, (int) TimeUnit.HOURS.toMillis(1), 0, "",
                List.of(), List.of(), false);

        coordinator.write(FrameType.HELLO, old.encode());
        byte[] job = new Messages.Job(1, Footprint.sha256(1), Footprint.ofArguments(7), true).encode();
        coordinator.write(FrameType.JOB, java.util.Arrays.copyOf(job, job.length - 1)); // protocol 8's: no flag
        Frame first = threads.submit(heard::read).get(60, TimeUnit.SECONDS);

        assertThat(first.type()).isEqualTo(FrameType.FATAL);
        String message = WorkerReports.Fatal.decode(first.payload()).message();
        assertThat(message).contains("protocol version 8").contains("same mppfc version").doesNotContain("\n");
        toWorker.sink().close();
        assertThat(exit.get(60, TimeUnit.SECONDS)).isNotZero();
        try (var left = Files.list(dir)) {
            assertThat(left).as("nothing written into the cache").isEmpty();
        }
    }
}
