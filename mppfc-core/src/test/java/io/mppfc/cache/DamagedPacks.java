package io.mppfc.cache;

import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Packs damaged the way a checksum cannot catch: an index slot rewritten and the index's and
 * footer's checksums made to match, as a buggy writer or a deliberate edit would leave them.
 */
public final class DamagedPacks {

    private DamagedPacks() {
    }

    /**
     * Sets the record offset of index slot {@code slot} and makes the checksums agree.
     *
     * @param pack a pack file
     * @param slot an index slot, 0 to the record count
     * @param offset the offset to write there
     * @throws IOException if the file cannot be rewritten
     */
    public static void setOffset(Path pack, int slot, long offset) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pack));
        int size = b.capacity();
        long indexOffset = b.getLong(size - Pack.FOOTER);
        int count = b.getInt(size - 16);
        b.putLong((int) (indexOffset + (long) Pack.SLOT * slot + 8), offset);
        CRC32C index = new CRC32C();
        index.update(b.array(), (int) indexOffset, Pack.SLOT * count);
        b.putInt(size - 12, (int) index.getValue());
        CRC32C footer = new CRC32C();
        footer.update(b.array(), 0, Pack.HEADER);
        footer.update(b.array(), size - Pack.FOOTER, 16);
        b.putInt(size - 8, (int) footer.getValue());
        Files.write(pack, b.array());
    }

    /**
     * The only pack of a function directory.
     *
     * @param function a function directory holding one pack
     * @return that pack's path
     * @throws IOException if the packs cannot be listed
     */
    public static Path onlyPack(Path function) throws IOException {
        var packs = PackSet.list(function.resolve(PackSet.DIRECTORY));
        if (packs.size() != 1) {
            throw new AssertionError("expected one pack in " + function + ", found " + packs);
        }
        return packs.get(0);
    }
}
