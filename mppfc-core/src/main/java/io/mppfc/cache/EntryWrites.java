package io.mppfc.cache;

import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ForyCodec;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.codec.ValueCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The write side of {@link DiskCache}: a value encoded (in memory, or a large Fory value straight
 * into its mapped temp file) and stored as a loose entry by {@link LooseWriter}, then uploaded to
 * the shared tier if one is behind the cache.
 */
final class EntryWrites {

    private final EntryPaths paths;
    private final ValueCodec codec;
    private final LooseWriter writer;
    private final SharedTierLink remote;
    /** The zstd level new entries are compressed with; 0 for none. */
    private final int compressionLevel;
    /** What ties new entries to this function directory ({@link EntryFormat#functionId}). */
    private final byte[] functionId;
    /** Where a batch of new entries goes ({@link EntryBatch}). */
    private final EntryBatch.BatchTarget batches;

    EntryWrites(EntryPaths paths, ValueCodec codec, LooseWriter writer, SharedTierLink remote, int compressionLevel,
            byte[] functionId, EntryBatch.BatchTarget batches) {
        this.paths = paths;
        this.codec = codec;
        this.writer = writer;
        this.remote = remote;
        this.compressionLevel = compressionLevel;
        this.functionId = functionId;
        this.batches = batches;
    }

    EntryBatch.BatchTarget batches() {
        return batches;
    }

    /** As {@link DiskCache#write(CacheKey, Object, Duration, boolean, byte[])}. */
    boolean write(CacheKey key, Object value, Duration computationTime, boolean overwrite, byte[] arguments,
            DiskCache cache) throws IOException, CodecException {
        Path target = paths.of(key);
        if (compressionLevel == 0 && codec instanceof ForyCodec fory && value != null
                && !PlainValues.isPlain(value)) {
            // encoded straight into the mapped temp file: no second copy of a large value on the heap
            byte[] footprint = arguments.length <= EntryFormat.MAX_FOOTPRINT ? arguments : new byte[0];
            long computeNanos = Math.max(0, computationTime.toNanos());
            long storedAt = System.currentTimeMillis();
            byte codecId = Codecs.id(codec.codec());
            long bound = ForyCodec.encodingBound(value);
            int capacity = ForyCodec.inPlaceCapacity(bound);
            if (capacity > 0) {
                return remote.uploadIfWritten(key, writer.writeEncoded(target, EntryFormat.HEADER + footprint.length,
                        n -> EntryFormat.head(key, functionId, codecId, (byte) 0, computeNanos, storedAt, footprint, n),
                        capacity, region -> fory.encodeInto(region, value, bound), overwrite), cache);
            }
        }
        EntryBytes entry = encode(key, value, computationTime, arguments);
        return remote.uploadIfWritten(key, writer.write(target, entry.head(), entry.payload(), overwrite), cache);
    }

    /** The entry of a value, as {@link #write} stores it when it does not encode it in place. */
    EntryBytes encode(CacheKey key, Object value, Duration computationTime, byte[] arguments) throws CodecException {
        return EntryBytes.encode(key, functionId, codec, compressionLevel, value, computationTime.toNanos(), arguments);
    }

    /** Whether {@link #write} may encode a large value straight into its file. */
    boolean encodesInPlace() {
        return compressionLevel == 0 && codec instanceof ForyCodec;
    }

    /** Stores an entry already encoded as a loose file, replacing any. */
    void writeLoose(CacheKey key, EntryBytes entry, DiskCache cache) throws IOException, CodecException {
        remote.uploadIfWritten(key, writer.write(paths.of(key), entry.head(), entry.payload(), true), cache);
    }

    /** As {@link DiskCache#receive}: the temp file of an entry that arrives in parts. */
    IncomingEntry receive(CacheKey key, long length) throws IOException {
        return IncomingEntry.open(writer, paths.of(key), key, functionId, length);
    }

    /** Stores a checked entry from the shared tier, as any write: temp file, renamed into place unless one is there. */
    void storeFetched(CacheKey key, byte[] head, ByteBuffer payload) throws IOException, CodecException {
        writer.write(paths.of(key), head, payload, false);
    }
}
