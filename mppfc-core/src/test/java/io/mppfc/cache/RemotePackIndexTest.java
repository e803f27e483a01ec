package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cache.pack.RemotePackIndex;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** A pack index from a shared store is believed only within the pack it names: bounds checked without overflow. */
class RemotePackIndexTest {

    private static final int MAGIC = 0x4D504658; // "MPFX"
    private static final long PACK_SIZE = 4096;

    /** A well-formed index (checksum and all) of one record at {@code offset}, {@code length} bytes long. */
    private static byte[] index(long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(52 + 36 + 8);
        b.putInt(MAGIC).put((byte) 1).put(new byte[3]).putLong(PACK_SIZE).put(new byte[32]).putInt(1);
        b.putLong(0x0123456789abcdefL).putLong(offset).putInt(length).put(new byte[16]);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue()).putInt(MAGIC);
        return b.array();
    }

    @Test
    void aRecordWithinThePackIsBelieved() throws CorruptEntryException {
        RemotePackIndex index = RemotePackIndex.parse(index(100, 200));
        assertThat(index.offset(0)).isEqualTo(100);
        assertThat(index.length(0)).isEqualTo(200);
    }

    @Test
    void aRecordWhoseEndOverflowsIsRefused() {
        // offset + length wraps to a negative number, which is "below" the pack's end
        assertThatThrownBy(() -> RemotePackIndex.parse(index(Long.MAX_VALUE - 10, 200)))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("out of bounds");
    }
}
