package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.function.FunctionRef;
import io.mppfc.FailureKind;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private interface Decoder {
        void decode(byte[] payload) throws ProtocolException;
    }

    private static final List<Decoder> DECODERS = List.of(Messages.Hello::decode, Messages.Job::decode,
            Messages.Recall::decode, WorkerReports.Ready::decode, WorkerReports.Started::decode,
            WorkerReports.Computed::decode, WorkerReports.Done::decode, WorkerReports.Failed::decode,
            WorkerReports.Fatal::decode, WorkerReports.Returned::decode,
            ResultMessages.Result::decode, ResultMessages.Chunk::decode);

    private static Messages.Hello hello(int version) {
        return new Messages.Hello(version, "com.acme.Physics", "slow", "(D)D", FunctionRef.Kind.STATIC, false,
                new byte[] {1, 0, 0, 0, 0}, "/tmp/cache/com.acme.Physics.slow", ".share-0a1b", "beef", (byte) 1, true,
                List.of("com.acme.Result"), List.of("com.acme"), 3, 1000, 3, "0123456789abcdef",
                List.of("com/acme/Physics", "com/acme/Helpers"), List.of(new byte[] {1, 2}, new byte[0]), true,
                "/tmp/mppfc-started-1");
    }

    @Test
    void everyMessageRoundTrips() throws ProtocolException {
        Messages.Hello hello = Messages.Hello.decode(hello(Messages.PROTOCOL_VERSION).encode());
        assertThat(hello.className()).isEqualTo("com.acme.Physics");
        assertThat(hello.allowedPackages()).containsExactly("com.acme");
        assertThat(hello.codeVersion()).isEqualTo("0123456789abcdef");
        assertThat(hello.ownClasses()).containsExactly("com/acme/Physics", "com/acme/Helpers");
        assertThat(hello.ownClassFiles()).containsExactly(new byte[] {1, 2}, new byte[0]);
        assertThat(hello.durable()).isTrue();
        assertThat(hello.workerIndex()).isEqualTo(3);
        assertThat(hello.shareMarker()).isEqualTo(".share-0a1b");
        assertThat(hello.resultsOverPipe()).isTrue();
        assertThat(hello.tempTag()).isEqualTo("beef");
        assertThat(hello.startedSlot()).isEqualTo("/tmp/mppfc-started-1");
        assertThat(WorkerReports.Ready.decode(new WorkerReports.Ready(1, 4242, "host n1").encode()))
                .isEqualTo(new WorkerReports.Ready(1, 4242, "host n1"));
        assertThat(WorkerReports.Computed.decode(new WorkerReports.Computed(8).encode()))
                .isEqualTo(new WorkerReports.Computed(8));
        byte[] key = new byte[32];
        key[31] = 7;
        WorkerReports.Done done = WorkerReports.Done.decode(new WorkerReports.Done(9, key, 77).encode());
        assertThat(done.id()).isEqualTo(9);
        assertThat(done.key()).isEqualTo(key);
        assertThat(done.computeNanos()).isEqualTo(77);
        WorkerReports.Failed failed = new WorkerReports.Failed(9, FailureKind.NOT_STORED,
                "java.lang.IllegalStateException", null, "trace\n\tat x");
        assertThat(WorkerReports.Failed.decode(failed.encode())).isEqualTo(failed);
        assertThat(WorkerReports.Fatal.decode(new WorkerReports.Fatal("no", "t").encode()))
                .isEqualTo(new WorkerReports.Fatal("no", "t"));
        Messages.Job job = Messages.Job.decode(new Messages.Job(5, new byte[32], new byte[] {1, 2}).encode());
        assertThat(job.id()).isEqualTo(5);
        assertThat(job.arguments()).containsExactly(1, 2);
        assertThat(job.absent()).isFalse();
        assertThat(Messages.Job.decode(new Messages.Job(6, new byte[32], new byte[] {1}, true).encode()).absent())
                .isTrue();
        assertThat(Messages.Recall.decode(new Messages.Recall(3).encode())).isEqualTo(new Messages.Recall(3));
        assertThat(WorkerReports.Returned.decode(new WorkerReports.Returned(new long[] {7, 5}).encode()).ids())
                .containsExactly(7, 5);
        assertThat(WorkerReports.Returned.decode(new WorkerReports.Returned(new long[0]).encode()).ids()).isEmpty();
    }

    @Test
    void aReturnedCountBeyondItsBytesIsRefusedBeforeAllocating() {
        byte[] claimsBillions = new Payload.Out().putInt(Integer.MAX_VALUE).putLong(1).toByteArray();
        assertThatThrownBy(() -> WorkerReports.Returned.decode(claimsBillions)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void anotherProtocolVersionIsAClearError() {
        assertThatThrownBy(() -> Messages.Hello.decode(hello(Messages.PROTOCOL_VERSION + 1).encode()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("protocol version " + (Messages.PROTOCOL_VERSION + 1)).hasMessageContaining("same mppfc version");
    }

    @Test
    void truncatedAndPaddedPayloadsAreRefused() {
        byte[] done = new WorkerReports.Done(1, new byte[32], 2).encode();
        assertThatThrownBy(() -> WorkerReports.Done.decode(java.util.Arrays.copyOf(done, 10)))
                .hasMessageContaining("ends early");
        assertThatThrownBy(() -> WorkerReports.Done.decode(java.util.Arrays.copyOf(done, done.length + 4)))
                .hasMessageContaining("trailing");
        byte[] shortKey = new Payload.Out().putLong(1).putBytes(new byte[31]).putLong(2).toByteArray();
        assertThatThrownBy(() -> WorkerReports.Done.decode(shortKey)).hasMessageContaining("32 bytes");
        byte[] failedOfAnotherKind = new Payload.Out().putLong(1).putByte(FailureKind.WORKER_DIED.ordinal())
                .putString("x").putString("m").putString("t").toByteArray();
        assertThatThrownBy(() -> WorkerReports.Failed.decode(failedOfAnotherKind))
                .hasMessageContaining("THREW or NOT_STORED");
        byte[] jobWithoutItsFlag = new Payload.Out().putLong(1).putBytes(new byte[32]).putBytes(new byte[] {1})
                .toByteArray(); // protocol 8's JOB
        assertThatThrownBy(() -> Messages.Job.decode(jobWithoutItsFlag)).hasMessageContaining("ends early");
        byte[] hugeLength = ByteBuffer.allocate(12).putLong(1).putInt(Integer.MAX_VALUE).array();
        assertThatThrownBy(() -> Messages.Job.decode(hugeLength)).hasMessageContaining("exceeds");
    }

    @Test
    void randomPayloadsOnlyGiveProtocolExceptions() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] payload = new byte[random.nextInt(64)];
            random.nextBytes(payload);
            if (payload.length >= 4 && i % 2 == 0) {
                ByteBuffer.wrap(payload).putInt(0, Messages.PROTOCOL_VERSION);
            }
            for (Decoder decoder : DECODERS) {
                try {
                    decoder.decode(payload);
                } catch (ProtocolException expected) {
                    // the only documented failure
                }
            }
        }
    }

    @Test
    void aForgedHostInReadyIsCut() throws ProtocolException {
        WorkerReports.Ready ready = WorkerReports.Ready.decode(new Payload.Out().putInt(Messages.PROTOCOL_VERSION)
                .putLong(1).putString("host " + "h".repeat(1_000_000)).toByteArray());
        assertThat(ready.host()).hasSizeLessThanOrEqualTo(256).contains("cut by mppfc");
    }
}
