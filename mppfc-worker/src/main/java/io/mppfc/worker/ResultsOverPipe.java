package io.mppfc.worker;

import io.mppfc.cache.EntryBytes;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.ResultMessages;
import java.io.IOException;

/**
 * Sends each result's entry to the coordinator, which stores it: for a worker that does not see
 * the cache directory, or is told not to write it. The entry is encoded as it would be written,
 * and goes out in frames of at most a megabyte, each written on its own, so the worker's
 * heartbeats and the computing thread's frames pass between them: a large result never looks
 * like a silent worker. Nothing is written to this machine's disk.
 */
final class ResultsOverPipe implements ResultStore {

    private final FrameWriter out;
    private final ValueCodec codec;
    private final int compressionLevel;

    ResultsOverPipe(FrameWriter out, ValueCodec codec, int compressionLevel) {
        this.out = out;
        this.codec = codec;
        this.compressionLevel = compressionLevel;
    }

    @Override
    public boolean writesFrames() {
        return true;
    }

    @Override
    public void store(Messages.Job job, Object value, long computeNanos) throws IOException, CodecException {
        EntryBytes entry = EntryBytes.encode(codec, compressionLevel, value, computeNanos, job.arguments());
        if (entry.length() > EntryBytes.MAX_LENGTH) { // the codecs refuse such values first; never sent
            throw new CodecException("the result's entry would take " + entry.length() + " bytes, more than a cache "
                    + "entry can hold (2 GiB)", null);
        }
        out.write(FrameType.RESULT, new ResultMessages.Result(job.id(), job.key(), entry.length()).encode());
        entry.inParts(ResultMessages.CHUNK_BYTES,
                part -> out.write(FrameType.RESULT_CHUNK, new ResultMessages.Chunk(job.id(), part).encode()));
    }
}
