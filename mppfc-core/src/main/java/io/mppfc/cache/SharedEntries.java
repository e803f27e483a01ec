package io.mppfc.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A local entry as it is uploaded: read whole, checked to be the key's, and without its
 * arguments when the store keeps them out (then written in format 4, which names its key and
 * function directory inside the checksum, so a reader still tells it from another key's).
 */
final class SharedEntries {

    private SharedEntries() {
    }

    static byte[] forUpload(Path entry, io.mppfc.cache.pack.PackSet packs, CacheKey key, byte[] functionId,
            Function<byte[], CacheKey> keyOfFootprint, boolean withArguments, long maxBytes)
            throws SharedUploads.NotUploadable {
        byte[] bytes = readLooseOrPacked(entry, packs, key, maxBytes);
        EntryFormat.Parsed parsed;
        try {
            parsed = EntryFormat.parse(bytes, bytes.length, key, functionId);
        } catch (CorruptEntryException e) {
            throw new SharedUploads.NotUploadable("the local entry is damaged: " + e.getMessage());
        }
        byte[] footprint = parsed.footprint();
        if (footprint.length == 0 ? parsed.version() < 4 : !keyOfFootprint.apply(footprint).equals(key)) {
            // no reader could tell it from another key's (SharedTier.checked)
            throw new SharedUploads.NotUploadable("the local entry is of an older format that names no key, and holds "
                    + "no arguments or another key's");
        }
        if (parsed.version() >= 4 && (withArguments || footprint.length == 0)) {
            return bytes;
        }
        byte[] payload = new byte[parsed.payload().remaining()];
        parsed.payload().duplicate().get(payload);
        return EntryFormat.encode(key, functionId, parsed.codecId(), parsed.flags(), parsed.computeNanos(),
                parsed.storedAtMillis(), withArguments ? footprint : new byte[0], payload);
    }

    /** The loose entry, else its packed record: a worker's result may be in a batch pack. */
    private static byte[] readLooseOrPacked(Path entry, io.mppfc.cache.pack.PackSet packs, CacheKey key, long maxBytes)
            throws SharedUploads.NotUploadable {
        if (EntryLookup.looseFileExists(entry)) {
            return read(entry, maxBytes);
        }
        try {
            io.mppfc.cache.pack.PackSet.Found found = packs.find(key);
            if (found == null) {
                return read(entry, maxBytes); // says it is gone
            }
            if (found.pack().entryLength(found.offset()) > maxBytes) {
                throw new SharedUploads.NotUploadable("the local entry is larger than " + maxBytes + " bytes");
            }
            return found.pack().entryBytes(found.offset());
        } catch (IOException | CorruptEntryException e) {
            throw new SharedUploads.NotUploadable("the local packed entry is unreadable (" + e.getMessage() + ")");
        }
    }

    private static byte[] read(Path entry, long maxBytes) throws SharedUploads.NotUploadable {
        try (io.mppfc.files.FileGate.Opened opened = io.mppfc.files.FileGate.openRead(entry, maxBytes)) {
            FileChannel channel = opened.channel();
            long size = channel.size();
            if (size > maxBytes) {
                throw new SharedUploads.NotUploadable("the local entry is larger than " + maxBytes + " bytes");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // reads until full or the end
            }
            if (bytes.position() != size) {
                throw new SharedUploads.NotUploadable("the local entry changed while it was read");
            }
            return bytes.array();
        } catch (io.mppfc.files.RefusedFileException e) {
            throw new SharedUploads.NotUploadable("the local entry is larger than " + maxBytes + " bytes, or not a "
                    + "regular file");
        } catch (IOException e) {
            throw new SharedUploads.NotUploadable("the local entry is gone or unreadable (" + e.getMessage() + ")");
        }
    }
}
