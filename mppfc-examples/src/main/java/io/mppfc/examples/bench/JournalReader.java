package io.mppfc.examples.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Another process's view of a journal ({@link JournalFile}): an index of the records up to the
 * published length, built at open by one pass over them (each checked against its CRC32C) and
 * extended by {@link #refresh()}, which reads the publication slots again (what a miss costs a
 * reader that must find entries other processes published since).
 */
final class JournalReader implements AutoCloseable {

    /** What a pass over newly published records found. */
    interface Visitor {
        void record(byte[] key, ByteBuffer entry);
    }

    private final FileChannel channel;
    private final JournalIndex index = new JournalIndex();
    private final ByteBuffer header = ByteBuffer.allocate(JournalFile.HEADER);
    private long scanned = JournalFile.HEADER;
    private long damaged;

    private JournalReader(FileChannel channel) {
        this.channel = channel;
    }

    static JournalReader open(Path file, Visitor visitor) throws IOException {
        JournalReader reader = new JournalReader(FileChannel.open(file, StandardOpenOption.READ));
        reader.refresh(visitor);
        return reader;
    }

    /** Reads the published length again and indexes the records up to it; returns how many were new. */
    int refresh(Visitor visitor) throws IOException {
        header.clear();
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
            // a header shorter than two slots is a journal that has published nothing yet
        }
        header.flip();
        long committed = JournalFile.committed(header);
        if (committed <= scanned) {
            return 0;
        }
        MappedByteBuffer region = channel.map(FileChannel.MapMode.READ_ONLY, scanned, committed - scanned);
        int added = 0;
        int at = 0;
        byte[] key = new byte[32];
        CRC32C crc = new CRC32C();
        while (at < region.limit()) {
            if (region.limit() - at < JournalFile.RECORD_HEAD) {
                damaged++; // the published length ends inside a record's head: never written so
                break;
            }
            int length = region.getInt(at);
            if (length < 0 || length > region.limit() - at - JournalFile.RECORD_HEAD) {
                damaged++;
                break;
            }
            crc.reset();
            crc.update(region.slice(at, 36));
            crc.update(region.slice(at + JournalFile.RECORD_HEAD, length));
            if ((int) crc.getValue() != region.getInt(at + 36)) {
                damaged++;
                break;
            }
            region.get(at + 4, key);
            index.put(key, scanned + at, JournalFile.RECORD_HEAD + length);
            if (visitor != null) {
                visitor.record(key.clone(), region.slice(at + JournalFile.RECORD_HEAD, length));
            }
            at += JournalFile.RECORD_HEAD + length;
            added++;
        }
        scanned += at;
        return added;
    }

    /** The entry stored under the key, checked again (the disk may have changed since the scan), or null. */
    byte[] get(byte[] key) throws IOException {
        for (long place : index.candidates(key)) {
            long offset = place >>> 24;
            int length = (int) (place & 0xFFFFFF);
            ByteBuffer record = ByteBuffer.allocate(length);
            while (record.hasRemaining() && channel.read(record, offset + record.position()) > 0) {
                // a short read only at the end of the file
            }
            if (record.hasRemaining()) {
                continue;
            }
            int entryLength = record.getInt(0);
            if (entryLength != length - JournalFile.RECORD_HEAD
                    || JournalFile.recordCrc(record, 0, entryLength) != record.getInt(36)
                    || !Arrays.equals(record.array(), 4, 36, key, 0, 32)) {
                continue;
            }
            return Arrays.copyOfRange(record.array(), JournalFile.RECORD_HEAD, length);
        }
        return null;
    }

    int size() {
        return index.size();
    }

    /** Records inside the published length that were not whole and checked (the crash check's count: must be 0). */
    long damaged() {
        return damaged;
    }

    long scannedTo() {
        return scanned;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
