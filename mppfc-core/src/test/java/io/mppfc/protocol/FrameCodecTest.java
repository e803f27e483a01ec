package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private final List<String> garbage = new ArrayList<>();

    private static byte[] frames(Object... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter writer = new FrameWriter(out);
        for (Object part : parts) {
            if (part instanceof Frame f) {
                writer.write(f.type(), f.payload());
            } else if (part instanceof byte[] raw) {
                out.write(raw);
            } else {
                out.write(part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private List<Frame> readAll(byte[] bytes, int maxPayload) throws IOException {
        FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), maxPayload, garbage::add);
        List<Frame> frames = new ArrayList<>();
        for (Frame f = reader.read(); f != null; f = reader.read()) {
            frames.add(f);
        }
        return frames;
    }

    private static Frame job(long id) {
        return new Frame(FrameType.JOB, new Messages.Job(id, new byte[32], new byte[] {1, 0, 0, 0, 0}).encode());
    }

    @Test
    void idFramesAreTheFramesOfTheirMessages() {
        for (long id : new long[] {0, 1, 255, -1, Long.MAX_VALUE, 0x0102030405060708L}) {
            byte[] two = new byte[2 * FrameWriter.ID_FRAME + 1];
            FrameWriter.putIdFrame(two, 1, FrameType.COMPUTED, id);
            FrameWriter.putIdFrame(two, 1 + FrameWriter.ID_FRAME, FrameType.STARTED, id);
            ByteBuffer expected = ByteBuffer.allocate(two.length).put((byte) 0)
                    .put(FrameWriter.frame(FrameType.COMPUTED, new WorkerReports.Computed(id).encode()))
                    .put(FrameWriter.frame(FrameType.STARTED, new WorkerReports.Started(id).encode()));
            assertThat(two).isEqualTo(expected.array());
        }
    }

    @Test
    void framesRoundTrip() throws IOException {
        List<Frame> read = readAll(frames(job(1), new Frame(FrameType.STOP, new byte[0]), job(2)), 1 << 20);
        assertThat(read).extracting(Frame::type).containsExactly(FrameType.JOB, FrameType.STOP, FrameType.JOB);
        assertThat(Messages.Job.decode(read.get(2).payload()).id()).isEqualTo(2);
        assertThat(garbage).isEmpty();
    }

    @Test
    void aFrameIsSaidToBeWaitingOnlyWhenItIsWholeAndValidInTheBuffer() throws IOException {
        byte[] two = frames(job(1), job(2));
        byte[] third = frames(job(3));
        byte[] cut = Arrays.copyOf(third, third.length - 1);
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(two, cut, "text".getBytes())), 1 << 20,
                garbage::add);
        assertThat(reader.frameWaiting()).as("before the first read, nothing is buffered").isFalse();
        reader.read();
        assertThat(reader.frameWaiting()).as("the second frame came in the same read").isTrue();
        reader.read();
        assertThat(reader.frameWaiting()).as("the third lacks its last byte").isFalse();
        assertThat(reader.read()).as("that frame never completes").isNull();
        assertThat(reader.frameWaiting()).isFalse();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void textBetweenFramesIsSkippedAndReported() throws IOException {
        byte[] stream = frames("hello from native printf\n", job(1), "# A fatal error has been detected by the JRE\n", job(2));
        assertThat(readAll(stream, 1 << 20)).hasSize(2);
        assertThat(garbage).hasSize(2);
        assertThat(garbage.get(0)).contains("skipped 25 bytes").contains("hello from native printf");
        assertThat(garbage.get(1)).contains("A fatal error");
    }

    @Test
    void truncatedFrameAtTheEndIsReportedNotReturned() throws IOException {
        byte[] whole = frames(job(1), job(2));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 5);
        assertThat(readAll(cut, 1 << 20)).hasSize(1);
        assertThat(garbage).singleElement().asString().contains("ended inside a frame");
    }

    @Test
    void oversizedLengthIsRefusedWithoutAllocating() throws IOException {
        byte[] header = ByteBuffer.allocate(13).put(FrameWriter.SYNC).put(FrameType.JOB.code()).putInt(Integer.MAX_VALUE - 8)
                .array();
        ByteBuffer.wrap(header).putInt(9, FrameWriter.crc(header, 4, 5));
        List<Frame> read = readAll(frames(header, job(7)), 1024);
        assertThat(read).singleElement().extracting(Frame::type).isEqualTo(FrameType.JOB);
        assertThat(garbage).singleElement().asString().contains("skipped 13 bytes");
    }

    @Test
    void corruptedPayloadIsSkippedAndTheNextFrameRead() throws IOException {
        byte[] stream = frames(job(1), job(2));
        stream[20] ^= 0x01;
        List<Frame> read = readAll(stream, 1 << 20);
        assertThat(read).hasSize(1);
        assertThat(Messages.Job.decode(read.get(0).payload()).id()).isEqualTo(2);
        assertThat(garbage).singleElement().asString().contains("bad payload checksum");
    }

    @Test
    void randomBytesNeverYieldAFrameOrAnError() throws IOException {
        Random random = new Random(1);
        for (int round = 0; round < 200; round++) {
            byte[] noise = new byte[random.nextInt(4096)];
            random.nextBytes(noise);
            if (noise.length > 4 && round % 2 == 0) {
                System.arraycopy(FrameWriter.SYNC, 0, noise, random.nextInt(noise.length - 4), 4);
            }
            assertThat(readAll(frames(noise, job(round)), 1 << 16)).extracting(Frame::type).containsExactly(FrameType.JOB);
        }
    }

    @Test
    void mutatedStreamsOnlyLoseTheFramesTheyHit() throws IOException {
        Random random = new Random(2);
        for (int round = 0; round < 500; round++) {
            byte[] stream = frames(job(1), job(2), job(3));
            stream[random.nextInt(stream.length)] = (byte) random.nextInt(256);
            for (Frame f : readAll(stream, 1 << 16)) {
                assertThat(Messages.Job.decode(f.payload()).id()).isBetween(1L, 3L);
            }
        }
    }

    /** A valid header claiming a payload of {@code length} bytes, and nothing else. */
    private static byte[] forgedHeader(FrameType type, int length) {
        byte[] header = ByteBuffer.allocate(13).put(FrameWriter.SYNC).put(type.code()).putInt(length).array();
        ByteBuffer.wrap(header).putInt(9, FrameWriter.crc(header, 4, 5));
        return header;
    }

    private static Frame done(long id) {
        return new Frame(FrameType.DONE, new WorkerReports.Done(id, new byte[32], 5).encode());
    }

    @Test
    void aForgedHeaderDoesNotSwallowTheFramesBehindItWhileThePipeStaysOpen() throws Exception {
        Process cat = catProcess();
        OutputStream peer = cat.getOutputStream();
        peer.write(frames(forgedHeader(FrameType.DONE, 1 << 20), done(1), done(2)));
        peer.flush(); // and the peer writes nothing more, but stays open
        FrameReader reader = new FrameReader(cat.getInputStream(), 1 << 20, garbage::add);
        long start = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(WorkerReports.Done.decode(reader.read().payload()).id());
        }
        assertThat(ids).containsExactly(1L, 2L);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds until the frames behind the forgery are read")
                .isLessThan(5.0);
        assertThat(garbage).singleElement().asString().contains("skipped 13 bytes")
                .contains("whole frames came in their place");
        peer.close();
        cat.waitFor();
    }

    /** A real pipe through the OS: what we write to cat's stdin comes out of its stdout, in the pipe's chunks. */
    private static Process catProcess() throws IOException {
        return new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void framesBehindAHeaderCutByTheEndOfTheStreamAreStillRead() throws IOException {
        List<Frame> read = readAll(frames(done(1), forgedHeader(FrameType.DONE, 1 << 20), done(2), done(3)), 1 << 20);
        assertThat(read).extracting(f -> WorkerReports.Done.decode(f.payload()).id()).containsExactly(1L, 2L, 3L);
        assertThat(garbage).singleElement().asString().contains("skipped 13 bytes");
    }

    @Test
    void aRealFrameWhosePayloadHoldsFramesArrivesWholeWhenItComesInPieces() throws Exception {
        byte[] inside = frames(done(1), done(2), "text", done(3));
        byte[] payload = new byte[3 << 20];
        for (int at = 0; at + inside.length <= payload.length; at += 4096) {
            System.arraycopy(inside, 0, payload, at, inside.length);
        }
        byte[] stream = frames(new Frame(FrameType.FAILED, payload), done(4));
        Process cat = catProcess();
        OutputStream peer = cat.getOutputStream();
        Thread writer = new Thread(() -> {
            try {
                for (int at = 0; at < stream.length; at += 1 << 16) {
                    peer.write(stream, at, Math.min(1 << 16, stream.length - at));
                    Thread.sleep(at % (1 << 20) == 0 ? 50 : 0); // a writer descheduled now and then
                }
                peer.close();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        FrameReader reader = new FrameReader(cat.getInputStream(), 4 << 20, garbage::add);
        Frame first = reader.read();
        assertThat(first.type()).isEqualTo(FrameType.FAILED);
        assertThat(first.payload()).isEqualTo(payload);
        assertThat(WorkerReports.Done.decode(reader.read().payload()).id()).isEqualTo(4);
        assertThat(reader.read()).isNull();
        assertThat(garbage).isEmpty();
        writer.join();
        cat.waitFor();
    }

    @Test
    void aLargeFrameIsReadInLinearTime() throws IOException {
        byte[] payload = new byte[64 << 20];
        for (int at = 0; at + 4 <= payload.length; at += 64) {
            System.arraycopy(FrameWriter.SYNC, 0, payload, at, 4); // sync markers everywhere, no valid header
        }
        byte[] stream = frames(new Frame(FrameType.JOB, payload));
        long start = System.nanoTime();
        List<Frame> read = readAll(stream, 128 << 20);
        assertThat(read).singleElement().extracting(Frame::payload).isEqualTo(payload);
        assertThat((System.nanoTime() - start) / 1e9).as("seconds for 64 MiB (a rescan per read would take minutes)")
                .isLessThan(20.0);
    }

    @Test
    void anIntactHeaderOverTheLimitIsSaidWithItsTypeAndTheFramesAroundItAreRead() throws IOException {
        byte[] failed = FrameWriter.frame(FrameType.FAILED, new byte[5000]);
        List<String> oversized = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(frames(job(1)), failed, frames(job(2)))),
                4096, garbage::add, (type, length) -> oversized.add(type + " " + length));
        List<Frame> read = new ArrayList<>();
        for (Frame f = reader.read(); f != null; f = reader.read()) {
            read.add(f);
        }
        assertThat(read).extracting(f -> Messages.Job.decode(f.payload()).id()).containsExactly(1L, 2L);
        assertThat(oversized).containsExactly("FAILED 5000");
        assertThat(garbage).singleElement().asString().contains("a FAILED header claiming 5000 bytes, over the 4096");
    }

    @Test
    void garbageThatIsNoHeaderIsNeverSaidToBeOversized() throws IOException {
        Random random = new Random(27);
        byte[] noise = new byte[1 << 16];
        random.nextBytes(noise);
        for (int i = 0; i + 4 < noise.length; i += 97) {
            System.arraycopy(FrameWriter.SYNC, 0, noise, i, 4); // sync markers without intact headers
        }
        List<String> oversized = new ArrayList<>();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(concat(noise, frames(job(3)))), 1 << 20,
                garbage::add, (type, length) -> oversized.add(type + " " + length));
        assertThat(Messages.Job.decode(reader.read().payload()).id()).isEqualTo(3);
        assertThat(oversized).isEmpty();
    }

    @Test
    void everyFrameTypeHasACodeOfItsOwnThatFindsIt() {
        java.util.Set<Byte> codes = new java.util.HashSet<>();
        for (FrameType type : FrameType.values()) {
            assertThat(FrameType.of(type.code())).isSameAs(type);
            assertThat(codes.add(type.code())).as(type + "'s code given once").isTrue();
        }
    }

    private static byte[] resultFrames(long id, int chunkBytes) {
        byte[] key = new byte[32];
        key[0] = (byte) id;
        byte[] bytes = new byte[chunkBytes];
        Arrays.fill(bytes, (byte) id);
        return concat(FrameWriter.frame(FrameType.RESULT, new ResultMessages.Result(id, key, chunkBytes).encode()),
                new ResultMessages.Chunk(id, ByteBuffer.wrap(bytes)).frame(),
                FrameWriter.frame(FrameType.HEARTBEAT, new byte[0]),
                FrameWriter.frame(FrameType.DONE, new WorkerReports.Done(id, key, 5).encode()));
    }

    @Test
    void resultFramesOfFullChunksCrossARealPipeWholeAmongOtherFrames() throws Exception {
        byte[] stream = concat(resultFrames(1, ResultMessages.CHUNK_BYTES), resultFrames(2, 10));
        Process cat = catProcess();
        Thread writer = new Thread(() -> {
            try (OutputStream peer = cat.getOutputStream()) {
                peer.write(stream);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        FrameReader reader = new FrameReader(cat.getInputStream(), Messages.MAX_FROM_WORKER, garbage::add);
        List<FrameType> types = new ArrayList<>();
        for (Frame f = reader.read(); f != null; f = reader.read()) {
            types.add(f.type());
            if (f.type() == FrameType.RESULT_CHUNK) {
                ResultMessages.Chunk chunk = ResultMessages.Chunk.decode(f.payload());
                ByteBuffer bytes = chunk.bytes();
                assertThat(bytes.remaining()).isEqualTo(chunk.id() == 1 ? ResultMessages.CHUNK_BYTES : 10);
                while (bytes.hasRemaining()) {
                    assertThat(bytes.get()).isEqualTo((byte) chunk.id());
                }
            } else if (f.type() == FrameType.RESULT) {
                assertThat(ResultMessages.Result.decode(f.payload()).key()[0]).isIn((byte) 1, (byte) 2);
            }
        }
        List<FrameType> one = List.of(FrameType.RESULT, FrameType.RESULT_CHUNK, FrameType.HEARTBEAT, FrameType.DONE);
        List<FrameType> expected = new ArrayList<>(one);
        expected.addAll(one);
        assertThat(types).isEqualTo(expected);
        assertThat(garbage).isEmpty();
        writer.join();
        cat.waitFor();
    }

    @Test
    void mutatedResultStreamsOnlyLoseTheFramesTheyHitAndWhatIsReadDecodesAsSent() throws IOException {
        Random random = new Random(29);
        byte[] original = concat(resultFrames(1, 3000), resultFrames(2, 70));
        for (int round = 0; round < 500; round++) {
            byte[] stream = original.clone();
            for (int hits = 1 + random.nextInt(3); hits > 0; hits--) {
                stream[random.nextInt(stream.length)] = (byte) random.nextInt(256);
            }
            for (Frame f : readAll(stream, 1 << 16)) {
                switch (f.type()) {
                    case RESULT -> assertThat(ResultMessages.Result.decode(f.payload()).length()).isIn(3000L, 70L);
                    case RESULT_CHUNK -> assertThat(ResultMessages.Chunk.decode(f.payload()).bytes().remaining())
                            .isIn(3000, 70);
                    case DONE -> assertThat(WorkerReports.Done.decode(f.payload()).computeNanos()).isEqualTo(5);
                    case HEARTBEAT -> assertThat(f.payload()).isEmpty();
                    default -> throw new AssertionError("a frame never sent: " + f.type());
                }
            }
            garbage.clear();
        }
    }
}
