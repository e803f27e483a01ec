package io.mppfc.examples.bench;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of the append-only journal measured against loose files (issue 31 #5): a
 * prototype for the benchmark, not the library's store.
 *
 * <pre>
 * offset size
 *  0     16   publication slot A: committed length (8), sequence number (4), CRC32C of those 12 bytes (4)
 * 16     16   publication slot B: the same
 * 32      .   records, each: entry length n (4), key (32), CRC32C of the length, key and entry (4), entry (n)
 * </pre>
 *
 * The writer appends whole records, then publishes the end of the last one in the slot the next
 * sequence number selects (the other slot keeps the previous publication, so a torn slot write
 * still leaves one valid slot). A reader takes the valid slot with the higher sequence number
 * and reads records only up to its committed length, each checked against its CRC32C.
 */
final class JournalFile {

    static final int SLOT = 16;
    static final int HEADER = 2 * SLOT;
    static final int RECORD_HEAD = 4 + 32 + 4;

    private JournalFile() {
    }

    /** One publication slot's bytes. */
    static ByteBuffer slot(long committed, int sequence) {
        ByteBuffer b = ByteBuffer.allocate(SLOT);
        b.putLong(committed).putInt(sequence);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 12);
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** The committed length of the valid slot with the higher sequence number, or the bare header if neither is valid. */
    static long committed(ByteBuffer header) {
        long best = HEADER;
        long bestSequence = -1;
        for (int s = 0; s < 2; s++) {
            int at = s * SLOT;
            if (header.limit() < at + SLOT) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(header.array(), at, 12);
            if ((int) crc.getValue() != header.getInt(at + 12)) {
                continue; // never written yet, or torn
            }
            long sequence = Integer.toUnsignedLong(header.getInt(at + 8));
            if (sequence > bestSequence) {
                bestSequence = sequence;
                best = header.getLong(at);
            }
        }
        return best;
    }

    /** The CRC32C a record carries: over its length, its key and its entry. */
    static int recordCrc(ByteBuffer record, int at, int entryLength) {
        CRC32C crc = new CRC32C();
        crc.update(record.array(), record.arrayOffset() + at, 36);
        crc.update(record.array(), record.arrayOffset() + at + RECORD_HEAD, entryLength);
        return (int) crc.getValue();
    }
}
