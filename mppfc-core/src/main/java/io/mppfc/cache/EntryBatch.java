package io.mppfc.cache;

import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.ForyCodec;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * New entries of one cache published together: the small ones as one batch pack (an ordinary
 * pack of generation 0, written to a temp file and renamed into place), so a batch of N costs
 * one created file instead of N. None of the batch is in place before {@link #publish} returns;
 * after, all of it is, whole. A key already in the cache, loose or packed, is written loose at
 * publication instead, over what is there (a batch record, older than every other record,
 * could not shadow it). A key taken as absent (a lookup found nothing at all stored for it) is
 * not searched for: whatever another writer stored for it since is a value of the same call, and
 * a second record of it is harmless (docs/DESIGN.md, "The hot store"). Not thread-safe: one
 * batch, one thread.
 */
public final class EntryBatch {

    /** Larger entries are written loose at once: a file per big result costs nothing worth saving. */
    public static final int LARGEST = 64 * 1024;

    private final DiskCache cache;
    private final BatchTarget target;
    private final Map<CacheKey, EntryBytes> entries = new LinkedHashMap<>();
    /** Keys of {@link #entries} for which a lookup found nothing stored: not searched for at publication. */
    private final Set<CacheKey> absent = new HashSet<>();

    EntryBatch(DiskCache cache, BatchTarget target) {
        this.cache = cache;
        this.target = target;
    }

    /**
     * Takes a value: as {@code cache.write(key, value, computationTime, true, arguments)}, except
     * that a small entry is in place only once {@link #publish} returns (a large one is written
     * now).
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param arguments the footprint of the arguments, or an empty array
     * @return false if it was not taken (this cache writes no batches, or the value is best
     *     written by {@link DiskCache#write}, straight into its file): store it so
     * @throws IOException if a large entry cannot be written, as {@link DiskCache#write}
     * @throws CodecException if the codec cannot encode the value
     */
    public boolean add(CacheKey key, Object value, Duration computationTime, byte[] arguments)
            throws IOException, CodecException {
        return add(key, value, computationTime, arguments, false);
    }

    /**
     * As {@link #add(CacheKey, Object, Duration, byte[])}, for a key that a lookup may have found
     * absent.
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param arguments the footprint of the arguments, or an empty array
     * @param absentAtLookup whether the lookup that asked for this value found nothing at all
     *     stored for the key (no entry, not even a damaged or stale one): then it is published
     *     without a look for another entry of it first
     * @return as {@link #add(CacheKey, Object, Duration, byte[])}
     * @throws IOException as {@link #add(CacheKey, Object, Duration, byte[])}
     * @throws CodecException as {@link #add(CacheKey, Object, Duration, byte[])}
     */
    public boolean add(CacheKey key, Object value, Duration computationTime, byte[] arguments, boolean absentAtLookup)
            throws IOException, CodecException {
        if (!target.batches() || encodedInPlace(value)) {
            return false;
        }
        EntryBytes entry = cache.writes().encode(key, value, computationTime, arguments);
        entries.remove(key);
        absent.remove(key);
        if (entry.length() > LARGEST) {
            cache.writes().writeLoose(key, entry, cache);
        } else {
            entries.put(key, entry);
            if (absentAtLookup) {
                absent.add(key);
            }
        }
        return true;
    }

    /** Whether {@link DiskCache#write} would encode the value straight into its file: a large value, never batched. */
    private boolean encodedInPlace(Object value) {
        // told without encoding it: a plain value was encoded twice per result, once only to ask
        return cache.writes().encodesInPlace() && value != null && !PlainValues.isPlain(value)
                && ForyCodec.inPlaceCapacity(ForyCodec.encodingBound(value)) > 0;
    }

    /**
     * How many entries wait for {@link #publish}.
     *
     * @return the batch's size
     */
    public int size() {
        return entries.size();
    }

    /**
     * Puts every entry taken into the cache at once: those whose key is in the cache already
     * loose over it, the rest as one batch pack (fsynced first if the cache is durable); then
     * empties the batch, and folds the cache's batch packs if they have become many.
     *
     * @throws IOException if an entry cannot be written: then the batch pack is not in place,
     *     and the batch still holds everything
     */
    public void publish() throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        // each loop is a method of its own: a worker's compilers compiled this one, with everything
        // it inlines, once per loop entered hot (on-stack replacement) and once more when it was
        // called often enough, three compilations of 30-40 KB of code each, well into a long run
        List<CacheKey> present = new ArrayList<>();
        // the loose files first, then the packs as listed after: a pack that replaced a loose file is seen
        boolean searching = findLoose(present);
        List<Pack> listed = searching || target.needsListing() ? cache.packs().packsNow() : null;
        List<CacheKey> keys = new ArrayList<>(entries.size());
        List<byte[]> packed = new ArrayList<>(entries.size());
        sortOut(listed, present, keys, packed);
        writeLoose(present);
        if (!keys.isEmpty()) {
            target.publish(keys, packed, listed == null ? -1 : batchPacks(listed));
        }
        entries.clear();
        absent.clear();
    }

    /** Adds the keys searched for (not taken as absent) that have a loose file; whether any key is searched for. */
    private boolean findLoose(List<CacheKey> present) {
        boolean searching = false;
        for (CacheKey key : entries.keySet()) {
            if (!absent.contains(key)) {
                searching = true;
                if (EntryLookup.looseFileExists(cache.entryPath(key))) {
                    present.add(key);
                }
            }
        }
        return searching;
    }

    /** Each entry to {@code present} (written loose over what is stored) or to the batch pack's keys and bytes. */
    private void sortOut(List<Pack> listed, List<CacheKey> present, List<CacheKey> keys, List<byte[]> packed) {
        for (Map.Entry<CacheKey, EntryBytes> e : entries.entrySet()) {
            CacheKey key = e.getKey();
            if (!absent.contains(key) && (present.contains(key) || anyHolds(listed, key))) {
                if (!present.contains(key)) {
                    present.add(key);
                }
                continue;
            }
            keys.add(key);
            packed.add(bytesOf(e.getValue()));
        }
    }

    private static boolean anyHolds(List<Pack> packs, CacheKey key) {
        for (Pack p : packs) {
            if (p.find(key) >= 0) {
                return true;
            }
        }
        return false;
    }

    private void writeLoose(List<CacheKey> present) throws IOException {
        for (CacheKey key : present) {
            try {
                cache.writes().writeLoose(key, entries.get(key), cache);
            } catch (CodecException e) {
                throw new IOException(e.getMessage(), e); // encoded already: not thrown
            }
        }
    }

    private static int batchPacks(List<Pack> listed) {
        int n = 0;
        for (Pack p : listed) {
            if (p.generation() == BatchPacks.GENERATION) {
                n++;
            }
        }
        return n;
    }

    private static byte[] bytesOf(EntryBytes entry) {
        byte[] bytes = new byte[(int) entry.length()];
        entry.inParts(bytes.length, part -> part.get(bytes));
        return bytes;
    }

    /**
     * Where a function's batches go: its packs directory, made as entry directories are. It keeps
     * count of the batch packs there (its last listing's and those it published since), so that a
     * batch whose keys need no search is published without a listing: the count is what decides
     * a fold.
     */
    static final class BatchTarget {
        /**
         * Own publications after which the count is taken from a listing again: other writers'
         * batch packs, which it does not see, then add at most about this many each before it
         * folds (one writer's count is exact).
         */
        static final int RELIST_AFTER = 8;
        private final Path function;
        private final EntryDirectories directories;
        private final boolean durable;
        private final String tempName;
        private final String tempTag;
        /** Whether batches are written here: a local file system, no shared tier; decided at the first batch. */
        private volatile Boolean batches;
        private final java.util.function.BooleanSupplier shared;
        /** The batch packs there as last counted, or -1 if not known (before the first listing, after a fold). */
        private int batchPacks = -1;
        /** Batch packs published since the count was last taken from a listing. */
        private int publishedSinceListing;

        BatchTarget(Path function, EntryDirectories directories, boolean durable, String tempTag,
                java.util.function.BooleanSupplier shared) {
            this.function = function;
            this.directories = directories;
            this.durable = durable;
            this.tempName = BatchPacks.tempName(tempTag);
            this.tempTag = tempTag;
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

        /** Whether the next publication must list the packs to know their count. */
        boolean needsListing() {
            return batchPacks < 0 || publishedSinceListing >= RELIST_AFTER;
        }

        /** What the records of these entries take in a pack, keys and index slots included. */
        private static long recordBytes(List<byte[]> entries) {
            long bytes = 0;
            for (byte[] entry : entries) {
                bytes += Pack.KEY + Pack.SLOT + entry.length;
            }
            return bytes;
        }

        /**
         * Writes one batch pack of the entries.
         *
         * @param listedBatchPacks the batch packs in a listing made for this publication, or -1
         *     if none was made: then the count goes on from the last one
         */
        void publish(List<CacheKey> keys, List<byte[]> entries, int listedBatchPacks) throws IOException {
            Path packs = function.resolve(io.mppfc.cache.pack.PackSet.DIRECTORY);
            for (int attempt = 0; ; attempt++) {
                try {
                    directories.prepare(packs);
                    write(packs, keys, entries);
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
            if (listedBatchPacks >= 0) {
                batchPacks = listedBatchPacks;
                publishedSinceListing = 0;
            }
            batchPacks++;
            publishedSinceListing++;
            if (batchPacks > io.mppfc.cache.maintenance.BatchFold.MOST) {
                fold();
                batchPacks = -1; // what the fold left is counted by the next publication's listing
            }
        }

        private void write(Path packs, List<CacheKey> keys, List<byte[]> entries) throws IOException {
            try (PackWriter writer = new PackWriter(packs, BatchPacks.GENERATION, durable, tempName,
                    recordBytes(entries))) {
                for (int i = 0; i < keys.size(); i++) {
                    writer.add(keys.get(i), entries.get(i));
                }
                writer.finish();
            }
        }

        /** A fold that fails leaves the batch packs as they are: each is whole, so the cache is right, only slower. */
        private void fold() {
            try {
                io.mppfc.cache.maintenance.BatchFold.foldIfMany(function, durable, tempTag);
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(EntryBatch.class).debug("folding the batch packs of {} failed: {}",
                        function, e.toString());
            }
        }
    }
}
