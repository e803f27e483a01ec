package io.mppfc.cache;

import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.ForyCodec;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.PackWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * New entries of one cache published together: the small ones as one batch pack (an ordinary
 * pack of generation 0, written to a temp file and renamed into place), so a batch of N costs
 * one created file instead of N. None of the batch is in place before {@link #publish} returns;
 * after, all of it is, whole. An entry whose key is already in the cache, loose or packed, is
 * not taken (a batch record, older than every other record, could not shadow it): write it
 * with {@link DiskCache#write}. Not thread-safe: one batch, one thread.
 */
public final class EntryBatch {

    /** Larger entries are written loose at once: a file per big result costs nothing worth saving. */
    public static final int LARGEST = 64 * 1024;

    private final DiskCache cache;
    private final BatchTarget target;
    private final List<CacheKey> keys = new ArrayList<>();
    private final List<byte[]> entries = new ArrayList<>();
    private final Set<CacheKey> taken = new HashSet<>();

    EntryBatch(DiskCache cache, BatchTarget target) {
        this.cache = cache;
        this.target = target;
    }

    /**
     * Takes a value for a key that is not in the cache: a small entry goes into the batch, a
     * large one is written loose now. As {@code cache.write(key, value, computationTime, true,
     * arguments)}, except that a small entry is in place only once {@link #publish} returns.
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param arguments the footprint of the arguments, or an empty array
     * @return false if it was not taken (the key is in the cache or in this batch already, this
     *     cache writes no batches, or the value is best written by {@link DiskCache#write}): store it so
     * @throws IOException if a large entry cannot be written, as {@link DiskCache#write}
     * @throws CodecException if the codec cannot encode the value
     */
    public boolean add(CacheKey key, Object value, Duration computationTime, byte[] arguments)
            throws IOException, CodecException {
        if (!target.batches() || taken.contains(key) || cache.isPresent(key) || encodedInPlace(value)) {
            return false;
        }
        EntryBytes entry = cache.encode(key, value, computationTime, arguments);
        if (entry.length() > LARGEST) {
            cache.writeLoose(key, entry);
            return true;
        }
        byte[] bytes = new byte[(int) entry.length()];
        entry.inParts(bytes.length, part -> part.get(bytes));
        taken.add(key);
        keys.add(key);
        entries.add(bytes);
        return true;
    }

    /** Whether {@link DiskCache#write} would encode the value straight into its file: a large value, never batched. */
    private boolean encodedInPlace(Object value) {
        return cache.encodesInPlace() && value != null && PlainValues.encode(value) == null
                && ForyCodec.inPlaceCapacity(ForyCodec.encodingBound(value)) > 0;
    }

    /**
     * How many entries wait for {@link #publish}.
     *
     * @return the batch's size
     */
    public int size() {
        return keys.size();
    }

    /**
     * Puts every entry taken into the cache at once, as one batch pack (fsynced first if the
     * cache is durable), then empties the batch; folds the cache's batch packs if they have
     * become many.
     *
     * @throws IOException if the pack cannot be written: then none of the batch is in place, and
     *     the batch still holds it
     */
    public void publish() throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        target.publish(keys, entries);
        keys.clear();
        entries.clear();
        taken.clear();
    }

    /** Where a function's batches go: its packs directory, made as entry directories are. */
    static final class BatchTarget {
        private final Path function;
        private final EntryDirectories directories;
        private final boolean durable;
        private final String tempName;
        /** Whether batches are written here: a local file system, no shared tier; decided at the first batch. */
        private volatile Boolean batches;
        private final java.util.function.BooleanSupplier shared;

        BatchTarget(Path function, EntryDirectories directories, boolean durable, String tempTag,
                java.util.function.BooleanSupplier shared) {
            this.function = function;
            this.directories = directories;
            this.durable = durable;
            this.tempName = BatchPacks.tempName(tempTag);
            this.shared = shared;
        }

        /**
         * A network file system's clients may see a directory as it was a minute ago, and a
         * batch pack merged away must then stay for a grace period that no writer waits out;
         * the shared tier uploads loose files: both keep entries loose.
         */
        boolean batches() throws IOException {
            Boolean b = batches;
            if (b == null) {
                b = io.mppfc.cache.pack.PackGrace.of(function).isZero();
                batches = b;
            }
            return b && !shared.getAsBoolean();
        }

        void publish(List<CacheKey> keys, List<byte[]> entries) throws IOException {
            Path packs = function.resolve(io.mppfc.cache.pack.PackSet.DIRECTORY);
            for (int attempt = 0; ; attempt++) {
                try {
                    directories.prepare(packs);
                    try (PackWriter writer = new PackWriter(packs, BatchPacks.GENERATION, durable, tempName)) {
                        for (int i = 0; i < keys.size(); i++) {
                            writer.add(keys.get(i), entries.get(i));
                        }
                        writer.finish();
                    }
                    break;
                } catch (NoSuchFileException e) {
                    if (attempt == 3) {
                        throw new IOException("cannot write to the cache directory " + function
                                + ": something keeps removing it", e);
                    }
                    // the function's directory was cleared (renamed aside) meanwhile: made again
                } catch (IOException e) {
                    throw new IOException("cannot write to the cache directory " + function + " (disk full?): "
                            + io.mppfc.files.IoText.describe(e), e);
                }
            }
            fold();
        }

        /** A fold that fails leaves the batch packs as they are: each is whole, so the cache is right, only slower. */
        private void fold() {
            try {
                io.mppfc.cache.maintenance.BatchFold.foldIfMany(function, durable);
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EntryBatch.class).debug("folding the batch packs of {} failed: {}",
                        function, e.toString());
            }
        }
    }
}
