package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.function.FunctionRef;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ResultMessages;
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
 * A worker's frames read from a real process through a real pipe (a recorded stream that {@code
 * cat} plays back): once a result came over the pipe, the frames that keep their order with
 * results are handled off the reader thread, and none of them is posted before an event read
 * ahead of it. After the first task, whose result comes over the pipe, each task's entry is in
 * the cache already (as if the worker wrote it): its DONE is then handled at once, while the
 * reader still parses the rest of what one read brought, which holds the task's STARTED.
 */
@Timeout(60)
class OrderedFramesTest {

    private static final int TASKS = 2000;

    @TempDir
    Path dir;

    private final ValueCodec codec = Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES);

    private static Messages.Hello hello() {
        return new Messages.Hello(Messages.PROTOCOL_VERSION, "com.acme.F", "f", "(I)I", FunctionRef.Kind.STATIC, false,
                new byte[] {1, 0, 0, 0, 0}, "/nowhere", "", "abc", (byte) 1, false, List.of(), List.of(), 0, 1000, 0,
                "", List.of(), List.of(), true);
    }

    private static CacheKey key(int n) {
        byte[] k = new byte[32];
        k[0] = (byte) (n >> 8);
        k[1] = (byte) n;
        return CacheKey.of(k);
    }

    /** What a worker writes for tasks 1 to TASKS, as its threads write it: the first one's result over the pipe. */
    private byte[] recordedStream(Path cacheDirectory) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(FrameWriter.frame(FrameType.READY,
                new WorkerReports.Ready(Messages.PROTOCOL_VERSION, 1, "h").encode()));
        for (int id = 1; id <= TASKS; id++) {
            out.writeBytes(FrameWriter.frame(FrameType.STARTED, new WorkerReports.Started(id).encode()));
            out.writeBytes(FrameWriter.frame(FrameType.COMPUTED, new WorkerReports.Computed(id).encode()));
            if (id == 1) {
                EntryBytes entry = EntryBytes.encode(key(id), EntryFormat.functionId(cacheDirectory), codec, 0,
                        "value " + id, 1, arguments(id));
                out.writeBytes(FrameWriter.frame(FrameType.RESULT, new ResultMessages.Result(1, key(id).bytes(),
                        entry.length()).encode()));
                entry.inParts(ResultMessages.CHUNK_BYTES, part -> out.writeBytes(new ResultMessages.Chunk(1, part)
                        .frame()));
            }
            out.writeBytes(FrameWriter.frame(FrameType.DONE, new WorkerReports.Done(id, key(id).bytes(), 1).encode()));
        }
        return out.toByteArray();
    }

    private static byte[] arguments(int id) {
        return new byte[] {1, 0, 0, 0, (byte) (id >> 8), (byte) id};
    }

    @Test
    void framesHandledOffTheReaderThreadAreNeverPostedBeforeTheEventsReadAheadOfThem() throws Exception {
        DiskCache cache = DiskCache.open(dir.resolve("f"), codec, ClassAllowList.JDK_VALUES, false);
        for (int id = 2; id <= TASKS; id++) {
            cache.write(key(id), "value " + id, java.time.Duration.ofNanos(1), true, arguments(id));
        }
        Path stream = Files.write(dir.resolve("frames"), recordedStream(cache.directory()));
        EventInbox inbox = new EventInbox();
        WorkerProcess worker = new WorkerProcess(1, hello(), inbox, cache::isPresentSince, true,
                (key, length, tag) -> cache.taggingTemps(tag).receive(key, length));
        for (int id = 1; id <= TASKS; id++) {
            worker.sendJob(new Task(id, key(id), arguments(id), "f(" + id + ")"));
        }
        worker.launch(new WorkerCommand(List.of("sh", "-c", "cat \"$0\"; exec cat >/dev/null", stream.toString()),
                Map.of(), "here"));

        List<PoolEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        while (events.stream().filter(e -> e instanceof PoolEvent.Done).count() < TASKS) {
            assertThat(System.nanoTime()).as("every DONE posted within 50 s; so far " + events.size()).isLessThan(deadline);
            inbox.takeInto(events, TimeUnit.MILLISECONDS.toNanos(100));
        }
        worker.closeStdin();
        assertThat(events).noneMatch(e -> e instanceof PoolEvent.ProtocolError);
        for (int id = 1; id <= TASKS; id++) {
            long task = id;
            int started = indexOf(events, e -> e instanceof PoolEvent.Started s && s.id() == task);
            int done = indexOf(events, e -> e instanceof PoolEvent.Done d && d.id() == task);
            assertThat(started).as("task " + id + "'s STARTED posted, before its DONE").isBetween(0, done - 1);
            assertThat(cache.read(key(id)).value()).isEqualTo("value " + id);
        }
    }

    private static int indexOf(List<PoolEvent> events, java.util.function.Predicate<PoolEvent> which) {
        for (int i = 0; i < events.size(); i++) {
            if (which.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
