package io.mppfc.examples.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writing process's journal ({@link JournalFile}): records appended to one open file, made
 * visible to other processes every {@code publishEvery} records or {@code publishNanos},
 * whichever comes first, and when closed. No fsync: like loose entries of a cache that is not
 * durable, a power loss may lose what the page cache held, and every record's checksum turns
 * what it tore into the end of the journal, never a wrong value.
 */
final class JournalWriter implements AutoCloseable {

    private final FileChannel channel;
    private final int publishEvery;
    private final long publishNanos;
    private final int partSize;
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    private long end = JournalFile.HEADER;
    private int sequence;
    private int unpublished;
    private long publishedAt = System.nanoTime();
    private final JournalIndex own = new JournalIndex(); // this process's hits on its own entries

    /**
     * @param partSize records longer than this go out in several writes, as a big value would
     *     (the crash check makes it small, so that kills land inside records)
     */
    JournalWriter(Path file, int publishEvery, long publishNanos, int partSize) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.publishEvery = publishEvery;
        this.publishNanos = publishNanos;
        this.partSize = partSize;
        channel.write(JournalFile.slot(JournalFile.HEADER, 0), 0);
        channel.write(JournalFile.slot(JournalFile.HEADER, 0), JournalFile.SLOT);
        channel.position(JournalFile.HEADER);
    }

    void append(byte[] key, byte[] entry) throws IOException {
        int length = JournalFile.RECORD_HEAD + entry.length;
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocate(Math.max(length, 2 * buffer.capacity()));
        }
        buffer.clear();
        buffer.putInt(entry.length).put(key).putInt(0).put(entry);
        buffer.putInt(36, JournalFile.recordCrc(buffer, 0, entry.length));
        buffer.flip();
        while (buffer.hasRemaining()) {
            buffer.limit(Math.min(length, buffer.position() + partSize));
            channel.write(buffer);
            buffer.limit(length);
        }
        own.put(key, end, length);
        end += length;
        if (++unpublished >= publishEvery || System.nanoTime() - publishedAt >= publishNanos) {
            publish();
        }
    }

    /** Makes every record appended so far visible: one 16-byte positional write into the next slot. */
    void publish() throws IOException {
        sequence++;
        channel.write(JournalFile.slot(end, sequence), (sequence & 1) * (long) JournalFile.SLOT);
        unpublished = 0;
        publishedAt = System.nanoTime();
    }

    JournalIndex ownIndex() {
        return own;
    }

    @Override
    public void close() throws IOException {
        if (unpublished > 0) {
            publish();
        }
        channel.close();
    }
}
