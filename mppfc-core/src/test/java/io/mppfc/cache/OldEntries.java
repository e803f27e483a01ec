package io.mppfc.cache;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Entries in the frozen layout of format 3 (mppfc before entries named their key): what caches
 * written by earlier versions hold, built byte by byte as that layout has them.
 */
final class OldEntries {

    private OldEntries() {
    }

    /** A format 3 entry stored now, without arguments. */
    static byte[] v3(byte codecId, long computeNanos, byte[] payload) {
        return v3(codecId, payload == null ? EntryFormat.FLAG_NULL : 0, computeNanos, System.currentTimeMillis(),
                new byte[0], payload);
    }

    static byte[] v3(byte codecId, byte flags, long computeNanos, long storedAtMillis, byte[] footprint,
            byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        ByteBuffer b = ByteBuffer.allocate(EntryFormat.HEADER_V3 + footprint.length + n + EntryFormat.TRAILER);
        b.putInt(EntryFormat.MAGIC).put((byte) 3).put(codecId).put(flags).put((byte) 0);
        b.putLong(computeNanos).putInt(n).putInt(footprint.length).putLong(storedAtMillis).put(footprint);
        if (payload != null) {
            b.put(payload);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
