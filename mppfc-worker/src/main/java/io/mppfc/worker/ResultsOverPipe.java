package io.mppfc.worker;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ResultMessages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Sends each result's entry to the coordinator, which stores it: for a worker that does not see
 * the cache directory, or is told not to write it. The entry is encoded as it would be written,
 * and goes out in frames of at most a megabyte, each written on its own, so the worker's
 * heartbeats and the computing thread's frames pass between them: a large result never looks
 * like a silent worker. The bytes are those {@code DiskCache.write} would put in the file (format
 * 4, naming the task's key and the coordinator's function directory). Nothing is written to this
 * machine's disk.
 */
final class ResultsOverPipe implements ResultStore {

    private final FrameWriter out;
    private final ValueCodec codec;
    private final int compressionLevel;
    /** What every entry names as its function directory: the coordinator's, which checks it. */
    private final byte[] functionId;

    /**
     * @param functionDirectory the function directory the coordinator stores into (where it is
     *     on any machine: only its name counts, {@link EntryFormat#functionId})
     */
    ResultsOverPipe(FrameWriter out, ValueCodec codec, int compressionLevel, Path functionDirectory) {
        this.out = out;
        this.codec = codec;
        this.compressionLevel = compressionLevel;
        this.functionId = EntryFormat.functionId(functionDirectory);
    }

    /**
     * A small entry goes into the reporter's next write, with its DONE and the others' (one
     * write for many results, as the reporter does for DONE frames); a large one is written now,
     * after what that write held, a chunk at a time.
     */
    @Override
    public void store(Messages.Job job, Object value, long computeNanos, ByteArrayOutputStream frames)
            throws IOException, CodecException {
        EntryBytes entry = EntryBytes.encode(CacheKey.of(job.key()), functionId, codec, compressionLevel, value,
                computeNanos, job.arguments());
        if (entry.length() > EntryBytes.MAX_LENGTH) { // the codecs refuse such values first; never sent
            throw new CodecException("the result's entry would take " + entry.length() + " bytes, more than a cache "
                    + "entry can hold (2 GiB)", null);
        }
        byte[] start = FrameWriter.frame(FrameType.RESULT,
                new ResultMessages.Result(job.id(), job.key(), entry.length()).encode());
        if (entry.length() <= ResultMessages.CHUNK_BYTES) {
            frames.writeBytes(start);
            entry.inParts(ResultMessages.CHUNK_BYTES,
                    part -> frames.writeBytes(new ResultMessages.Chunk(job.id(), part).frame()));
            return;
        }
        frames.writeBytes(start);
        out.writeFrames(frames.toByteArray()); // what came before goes first: one result at a time
        frames.reset();
        entry.inParts(ResultMessages.CHUNK_BYTES,
                part -> out.writeFrames(new ResultMessages.Chunk(job.id(), part).frame()));
    }
}
