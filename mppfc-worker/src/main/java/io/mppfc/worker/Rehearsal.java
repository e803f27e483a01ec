package io.mppfc.worker;

import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker's run without a coordinator, for recording class data (system property
 * {@code mppfc.worker.rehearsal=true}): stdin holds a hello and its jobs (one, or as many as
 * {@code mppfc.worker.rehearsalJobs} says), and the worker is told to STOP once it reports them
 * all done, or one failed. Nobody waits on its pipes, so the recording
 * survives the program that asked for it (a short program ends long before a JVM at low
 * priority has written an AOT cache), and it needs nothing of that program's life.
 */
final class Rehearsal {

    static final String PROPERTY = "mppfc.worker.rehearsal";
    /**
     * How many jobs the script holds, 1 unless this says otherwise: a JDK 24+ AOT cache keeps the
     * method profiles of its recording (JEP 515), so a trainee that runs the task loop a few
     * thousand times gives a fresh worker's JIT its profiles.
     */
    static final String JOBS_PROPERTY = "mppfc.worker.rehearsalJobs";
    /** Sync marker, type, length and header CRC: the type is the fifth byte, the length the next four. */
    private static final int HEADER = 13;
    private static final int TRAILER = 4;

    /** Far more than the jobs of {@code Math.sqrt} take at the lowest priority on a busy machine. */
    private static final long LIMIT_MINUTES = 10;
    private static final long HEARTBEAT_SECONDS = 10;

    private final int jobs;
    private final CountDownLatch answered;
    /** Jobs reported done: written under the output's lock only. */
    private volatile int doneJobs;

    /** @param jobs how many jobs the script holds */
    Rehearsal(int jobs) {
        this.jobs = Math.max(1, jobs);
        this.answered = new CountDownLatch(this.jobs);
    }

    /** Whether every rehearsed job was computed and stored: only then is its recording worth keeping. */
    boolean done() {
        return doneJobs == jobs;
    }

    /**
     * The frames of {@code script} (stdin, a file), then, once the jobs are answered, STOP, then the
     * end. Until then a heartbeat now and then, as a coordinator sends, so that a rehearsal at the
     * lowest priority on a busy machine is not taken for an orphan; after {@link #LIMIT_MINUTES}
     * without an answer, the end: the worker exits and nothing it recorded is kept.
     */
    InputStream input(InputStream script) throws IOException {
        InputStream jobs = repeated(script.readAllBytes());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(LIMIT_MINUTES);
        InputStream afterwards = new InputStream() {
            private InputStream frame = InputStream.nullInputStream();
            private boolean stopSent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                while (frame.available() == 0) {
                    if (stopSent || System.nanoTime() > deadline) {
                        return -1;
                    }
                    try {
                        stopSent = answered.await(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                    frame = new ByteArrayInputStream(FrameWriter.frame(stopSent ? FrameType.STOP : FrameType.HEARTBEAT,
                            new byte[0]));
                }
                return frame.read(into, offset, length);
            }
        };
        return new SequenceInputStream(jobs, afterwards);
    }

    /**
     * The script's frames, its last job then repeated until there are {@link #jobs}, each copy
     * with an id and a key of its own (the key's last four bytes count up), made here in the
     * trainee at its priority rather than in the program that started it.
     */
    private InputStream repeated(byte[] script) throws IOException {
        Messages.Job last = null;
        ByteBuffer frames = ByteBuffer.wrap(script);
        while (frames.remaining() >= HEADER) {
            int start = frames.position();
            int length = frames.getInt(start + 5);
            if (length < 0 || frames.remaining() < HEADER + length + TRAILER) {
                break;
            }
            if (FrameType.of(frames.get(start + 4)) == FrameType.JOB) {
                last = Messages.Job.decode(Arrays.copyOfRange(script, start + HEADER, start + HEADER + length));
            }
            frames.position(start + HEADER + length + TRAILER);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(script);
        for (int i = 1; last != null && i < jobs; i++) {
            byte[] key = last.key().clone();
            ByteBuffer.wrap(key).putInt(key.length - Integer.BYTES, i);
            all.write(FrameWriter.frame(FrameType.JOB, new Messages.Job(last.id() + i, key, last.arguments()).encode()));
        }
        return new ByteArrayInputStream(all.toByteArray());
    }

    /**
     * Watches the frames the worker writes to {@code out}: each is written whole and flushed, so
     * at a flush every byte so far belongs to a whole frame. A DONE answers one job; a FAILED or
     * FATAL ends the rehearsal, whose recording is not kept then.
     */
    OutputStream output(OutputStream out) {
        return new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                pending.write(b);
                out.write(b);
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
                pending.write(bytes, offset, length);
                out.write(bytes, offset, length);
            }

            @Override
            public synchronized void flush() throws IOException {
                out.flush();
                ByteBuffer frames = ByteBuffer.wrap(pending.toByteArray());
                while (frames.remaining() >= HEADER) {
                    int start = frames.position();
                    FrameType type = FrameType.of(frames.get(start + 4));
                    int length = frames.getInt(start + 5);
                    if (length < 0 || frames.remaining() < HEADER + length + TRAILER) {
                        break;
                    }
                    frames.position(start + HEADER + length + TRAILER);
                    if (type == FrameType.DONE) {
                        doneJobs++;
                        answered.countDown();
                    } else if (type == FrameType.FAILED || type == FrameType.FATAL) {
                        while (answered.getCount() > 0) {
                            answered.countDown();
                        }
                    }
                }
                byte[] rest = new byte[frames.remaining()];
                frames.get(rest);
                pending.reset();
                pending.write(rest);
            }
        };
    }
}
