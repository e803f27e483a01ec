package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.protocol.ResultMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules a worker's result transfer must follow before anything is stored (real files, a real cache). */
class ResultIntakeTest {

    @TempDir
    Path dir;

    private final ValueCodec codec = Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES);
    private DiskCache cache;
    private ResultIntake intake;
    private final Task task = new Task(7, key(7), new byte[] {1, 0, 0, 0, 7}, "f(7)");

    @BeforeEach
    void open() throws IOException {
        cache = DiskCache.open(dir, codec, ClassAllowList.JDK_VALUES, false);
        intake = new ResultIntake(null, (key, length, tag) -> cache.taggingTemps(tag).receive(key, length), "abc");
    }

    private static CacheKey key(int n) {
        byte[] k = new byte[32];
        k[0] = (byte) n;
        return CacheKey.of(k);
    }

    private byte[] entry(Object value, byte[] arguments) throws Exception {
        return entry(task.key, value, arguments);
    }

    /** The entry a worker would write for the key into this cache's directory. */
    private byte[] entry(CacheKey key, Object value, byte[] arguments) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EntryBytes.encode(key, EntryFormat.functionId(dir), codec, 0, value, 1, arguments).inParts(1 << 20, part -> {
            byte[] b = new byte[part.remaining()];
            part.get(b);
            bytes.writeBytes(b);
        });
        return bytes.toByteArray();
    }

    private static ResultMessages.Result result(long id, CacheKey key, long length) {
        return new ResultMessages.Result(id, key.bytes(), length);
    }

    private static ResultMessages.Chunk chunk(long id, byte[] bytes) {
        return new ResultMessages.Chunk(id, ByteBuffer.wrap(bytes));
    }

    private long storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{64}") || n.startsWith(DiskCache.TEMP_PREFIX)).count();
        }
    }

    @Test
    void aWholeResultOfAGivenTaskIsInPlaceBeforeItsDoneIsBelieved() throws Exception {
        byte[] bytes = entry("value", task.arguments);
        intake.given(task);
        assertThat(intake.start(result(7, task.key, bytes.length))).isNull();
        assertThat(intake.chunk(chunk(7, bytes))).isNull();
        assertThat(cache.isPresent(task.key)).isFalse();
        assertThat(intake.done(7)).isNull();
        assertThat(cache.read(task.key).value()).isEqualTo("value");
    }

    @Test
    void aResultForATaskNotGivenIsAProtocolError() throws Exception {
        assertThat(intake.start(result(7, task.key, 10))).isInstanceOf(PoolEvent.ProtocolError.class)
                .extracting(e -> ((PoolEvent.ProtocolError) e).what()).asString().contains("not given");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aResultUnderAnotherKeyThanItsTasksIsAProtocolError() throws Exception {
        intake.given(task);
        assertThat(intake.start(result(7, key(8), 10))).isInstanceOf(PoolEvent.ProtocolError.class);
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aChunkOfAResultNotBegunIsAProtocolError() throws Exception {
        intake.given(task);
        assertThat(intake.chunk(chunk(7, new byte[10]))).isInstanceOf(PoolEvent.ProtocolError.class);
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aSecondResultBegunBeforeTheFirstEndedIsAProtocolError() throws Exception {
        Task other = new Task(8, key(8), new byte[0], "f(8)");
        intake.given(task);
        intake.given(other);
        assertThat(intake.start(result(7, task.key, 100))).isNull();
        assertThat(intake.start(result(8, other.key, 100))).isInstanceOf(PoolEvent.ProtocolError.class);
        intake.abort();
        assertThat(storedFiles()).as("the first one's temp file removed").isZero();
    }

    @Test
    void aDoneBeforeAllBytesArrivedIsAProtocolErrorAndNothingIsStored() throws Exception {
        byte[] bytes = entry("value", task.arguments);
        intake.given(task);
        intake.start(result(7, task.key, bytes.length));
        intake.chunk(chunk(7, java.util.Arrays.copyOf(bytes, bytes.length - 3)));
        assertThat(intake.done(7)).isInstanceOf(PoolEvent.ProtocolError.class)
                .extracting(e -> ((PoolEvent.ProtocolError) e).what()).asString().contains("ended after");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aResultWhoseEntryNamesAnotherKeyThanItsTasksIsAProtocolErrorAndNothingIsStored() throws Exception {
        byte[] bytes = entry(key(8), "another task's value", task.arguments);
        intake.given(task);
        assertThat(intake.start(result(7, task.key, bytes.length))).isNull();
        assertThat(intake.chunk(chunk(7, bytes))).isNull();
        assertThat(intake.done(7)).isInstanceOf(PoolEvent.ProtocolError.class)
                .extracting(e -> ((PoolEvent.ProtocolError) e).what()).asString().contains("another key");
        assertThat(storedFiles()).isZero();
    }

    @Test
    void aTaskGivenBackMayNotSendAResultAnyMore() throws Exception {
        intake.given(task);
        intake.settled(7);
        assertThat(intake.start(result(7, task.key, 10))).isInstanceOf(PoolEvent.ProtocolError.class);
    }

    @Test
    void aResultThatCannotBeStoredHereFailsItsTaskAndItsDoneIsDropped() throws Exception {
        ResultIntake failing = new ResultIntake(null, (key, length, tag) -> {
            throw new IOException("No space left on device");
        }, "abc");
        failing.given(task);
        PoolEvent failed = failing.start(result(7, task.key, 10));
        assertThat(failed).isInstanceOf(PoolEvent.Failed.class);
        assertThat(((PoolEvent.Failed) failed).failure().kind()).isEqualTo(FailureKind.NOT_STORED);
        assertThat(((PoolEvent.Failed) failed).failure().message()).contains("No space left on device");
        assertThat(failing.chunk(chunk(7, new byte[10]))).isNull();
        assertThat(failing.dropsDone(7)).isTrue();
        assertThat(failing.dropsDone(7)).as("once").isFalse();
    }
}
