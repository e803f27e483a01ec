package io.mppfc.cache;

import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.cache.pack.PackSet;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * The entries of one function: {@code <directory>/<3 hex digits>/<64 hex digits>} per {@link CacheKey}
 * (the layout is {@link CacheLayout}'s).
 *
 * <p>Writes go to a temp file with an unpredictable name in the entry's own directory, created
 * with {@code CREATE_NEW} and owner-only permissions (0660 in a team's cache, {@link
 * io.mppfc.files.GroupMode}), then renamed into place atomically, so
 * a reader (in any process) never sees a partial entry. An entry that fails any check is a
 * miss: it is moved to {@code <directory>/.quarantine/} with a warning, never returned and
 * never deleted silently. Thread-safe; several processes may share one directory.
 *
 * @since 0.1
 */
public final class DiskCache {

    /** The folder, inside a function's directory, that holds entries which failed a check. */
    public static final String QUARANTINE = Quarantine.NAME;
    /** The prefix of temp files; they never match an entry name. */
    public static final String TEMP_PREFIX = EntryFile.TEMP_PREFIX;

    private final FunctionStore store;
    private final CacheView view;
    private final Path directory;
    private final LooseWriter writer;
    private final EntryLookup lookup;
    private final EntryReads reads;
    private final EntryWrites writes;
    /** Entry paths, the last kept: a miss's lookup and its write share one. */
    private final EntryPaths paths;
    /** The shared store behind this cache, if {@link #share} put one there. */
    private final SharedTierLink remote;

    private DiskCache(FunctionStore store, CacheView view) {
        this.store = store;
        this.view = view;
        this.directory = store.directory();
        this.writer = new LooseWriter(directory, store.directories(), store.durable(), view.tempTag());
        this.paths = new EntryPaths(directory);
        this.lookup = new EntryLookup(directory, store.directories(), store.packs(), store.readOnly(),
                view.keyOfFootprint());
        this.remote = new SharedTierLink(lookup, store.readOnly());
        this.reads = new EntryReads(paths, store.codecs(), lookup, remote, view.resultType());
        this.writes = new EntryWrites(paths, store.codecs().writing(), writer, remote, view.compressionLevel(),
                EntryFormat.functionId(directory), new EntryBatch.BatchTarget(directory, store.directories(),
                store.durable(), view.tempTag(), () -> remote.tier() != null));
    }

    /**
     * Returns the same cache, writing temp files whose names start with the tag: a worker's
     * cache, whose coordinator removes what the worker leaves if it is killed mid-write
     * ({@link #removeTemps(Path, String, Collection)}).
     *
     * @param tag 1 to 32 lower-case hex digits
     * @return the same cache, writing temp files whose names start with the tag
     */
    public DiskCache taggingTemps(String tag) {
        return new DiskCache(store, view.taggingTemps(tag));
    }

    /**
     * Returns the same cache, treating an entry whose value is not an instance of {@code type}
     * (or is null, for a primitive type) as damage: it cannot be the function's result, so
     * returning it would only fail later in the caller's code.
     *
     * @param type the function's declared result type (a primitive stands for its box)
     * @return the same cache, checking what it reads
     */
    public DiskCache expecting(Class<?> type) {
        return new DiskCache(store, view.expecting(type));
    }

    /**
     * Returns the same cache, writing new entries with their payload compressed by zstd at
     * {@code level} (entries are read whatever their compression).
     *
     * @param level a zstd level, 1 (fastest) to 19; or 0 for no compression
     * @return the same cache, compressing what it writes
     * @throws IllegalArgumentException if the level is out of range
     * @throws IllegalStateException if {@code com.github.luben:zstd-jni} is not on the classpath
     */
    public DiskCache compressing(int level) {
        return new DiskCache(store, view.compressing(level));
    }

    /**
     * Returns the same cache, checking that an entry of an older format (before 4, which does
     * not name its key) holding its arguments is the key's: their footprint must hash to it.
     * Entries of format 4 name their key and function themselves.
     *
     * @param keyOfFootprint the function's keys, from its arguments' footprint ({@code FunctionKeys::ofFootprint})
     * @return the same cache, checking older entries' keys
     */
    public DiskCache keyedBy(java.util.function.Function<byte[], CacheKey> keyOfFootprint) {
        return new DiskCache(store, view.keyedBy(keyOfFootprint));
    }

    /**
     * Removes the temp files that a cache {@linkplain #taggingTemps(String) tagging} its temps
     * with {@code tag} left: what a worker killed while it wrote leaves. Call it only once that
     * worker is gone.
     *
     * @param directory the function's directory
     * @param tag the dead worker's tag
     * @param keys the keys it held
     * @return how many files were removed
     */
    public static int removeTemps(Path directory, String tag, Collection<CacheKey> keys) {
        return DeadWriterTemps.remove(directory, TEMP_PREFIX + tag + "-", keys);
    }

    /**
     * Opens (and creates, owner-only, or 2770 in a team's root) the directory of one function's entries.
     *
     * @param directory the function's directory
     * @param codec the codec new entries are written with
     * @param allowList the classes reading may instantiate, also for entries of another codec
     * @param durable whether each write is fsynced (file and directory) before it counts as done
     * @return the cache
     * @throws IOException if the directory cannot be created or is not writable, naming it;
     *     {@link IncompatibleCacheException} if it holds entries in another layout
     */
    public static DiskCache open(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable)
            throws IOException {
        return open(directory, codec, allowList, durable, false);
    }

    /**
     * As {@link #open(Path, ValueCodec, ClassAllowList, boolean)}, checking that neither the
     * function's directory nor the cache root is writable by group or others: anyone who can
     * write there can plant entries. Such a directory is reported with a warning, or refused.
     *
     * @param directory the function's directory
     * @param codec the codec new entries are written with
     * @param allowList the classes reading may instantiate
     * @param durable whether each write is fsynced
     * @param strictPermissions whether a group- or world-writable directory is refused (else a warning);
     *     in a cache root shared with its group (setgid, group-writable), the group's directories are fine
     * @return the cache
     * @throws IOException as the other overload; with {@code strictPermissions}, also for such a directory
     */
    public static DiskCache open(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable,
            boolean strictPermissions) throws IOException {
        Path dir = FunctionDirectory.forWriting(directory, strictPermissions);
        return new DiskCache(FunctionStore.of(dir, codec, allowList, durable, strictPermissions, false), CacheView.PLAIN);
    }

    /**
     * Opens an existing function directory without ever changing it: nothing is created,
     * damaged entries are reported as errors (not moved), hits do not update times, and writes
     * are refused. What read-only commands ({@code mppfc get}) use.
     *
     * @param directory the function's directory
     * @param codec the codec of its entries
     * @param allowList the classes reading may instantiate
     * @return the cache
     * @throws IOException if there is no such directory, naming it;
     *     {@link IncompatibleCacheException} if it holds entries in another layout
     */
    public static DiskCache openReadOnly(Path directory, ValueCodec codec, ClassAllowList allowList)
            throws IOException {
        return openReadOnly(directory, codec, allowList, false);
    }

    /**
     * As {@link #openReadOnly(Path, ValueCodec, ClassAllowList)}; with {@code mayBeAbsent}, a
     * directory that does not exist is an empty cache (nothing is made): what a read-only cache
     * behind a shared store is, on a machine that has not computed the function yet.
     *
     * @param directory the function's directory
     * @param codec the codec of its entries
     * @param allowList the classes reading may instantiate
     * @param mayBeAbsent whether a missing directory is an empty cache rather than an error
     * @return the cache
     * @throws IOException as the other overload
     */
    public static DiskCache openReadOnly(Path directory, ValueCodec codec, ClassAllowList allowList, boolean mayBeAbsent)
            throws IOException {
        Path dir = FunctionDirectory.forReading(directory, mayBeAbsent);
        return new DiskCache(FunctionStore.of(dir, codec, allowList, false, false, true), CacheView.PLAIN);
    }

    /** @return the function's directory, which holds its entries */
    public Path directory() {
        return directory;
    }

    /**
     * Ends this process's mark that the code version is in use, so that
     * {@code mppfc gc --keep-code-versions} may remove it: what closing a function object does.
     * The mark also ends when the cache is no longer reachable, or the process ends.
     */
    public void releaseInUse() {
        store.inUse().release();
    }

    /**
     * Whether this cache was opened with {@link #openReadOnly}.
     *
     * @return whether writes are refused
     */
    public boolean isReadOnly() {
        return store.readOnly();
    }

    /**
     * Checks that this process can create files here, by creating and removing a probe: what a
     * worker on another host does before it takes jobs.
     *
     * @throws IOException naming the directory, if it cannot
     */
    public void checkWritable() throws IOException {
        writer.checkWritable();
    }

    /**
     * Where the loose entry of a key is (or would be): its level directory, then its name.
     *
     * @param key a key
     * @return its path, whether or not an entry is there
     */
    public Path entryPath(CacheKey key) {
        return paths.of(key);
    }

    /**
     * Reads and decodes an entry.
     *
     * @param key the key
     * @return the entry, or {@code null} on a miss: absent, damaged (quarantined), not a value of
     *     the result type (quarantined), or written by a codec that is not available here (left
     *     in place, with a warning once)
     * @throws IOException if the entry cannot be read or moved aside; in a read-only cache, also
     *     for a damaged entry; {@link EntryTooLargeException} for a valid entry larger than this
     *     JVM's heap can decode
     * @throws ClassNotAllowedException if the entry holds a class that the allow-list does not
     *     allow (left in place: a reader allowed that class reads it)
     */
    public CacheEntry read(CacheKey key) throws IOException, ClassNotAllowedException {
        return reads.read(key, this);
    }

    /**
     * As {@link #read}, saying for a miss whether nothing at all was stored for the key.
     *
     * @param key the key
     * @return the entry, or a miss and whether anything was stored
     * @throws IOException as {@link #read}
     * @throws ClassNotAllowedException as {@link #read}
     */
    public CacheRead look(CacheKey key) throws IOException, ClassNotAllowedException {
        return reads.look(key, this);
    }

    /**
     * Whether a valid entry exists (its checksum is verified; its payload is not decoded).
     *
     * @param key the key
     * @return true if a checked entry is there
     * @throws IOException as {@link #read(CacheKey)}
     */
    public boolean contains(CacheKey key) throws IOException {
        return reads.locate(key, this) != null;
    }

    /**
     * When the valid entry of a key was stored (its checksum is verified; its payload is not decoded).
     *
     * @param key the key
     * @return when it was stored ({@link Instant#EPOCH} if unknown), or null if there is no valid entry
     * @throws IOException if the entry cannot be read
     */
    public Instant storedAt(CacheKey key) throws IOException {
        return reads.storedAt(key, this);
    }

    /**
     * Whether an entry for the key is in place, by a stat and a pack index lookup, without
     * reading or checking it: what a coordinator asks before it believes a worker's DONE.
     *
     * @param key the key
     * @return whether a loose file or a packed record of the key exists
     */
    public boolean isPresent(CacheKey key) {
        return lookup.isPresent(key, this::entryPath);
    }

    /**
     * As {@link #isPresent}, where an entry seen in place at some instant at or after {@code
     * sinceNanos} ({@link System#nanoTime}) counts: a look at its pack made since serves. What
     * a coordinator asks for a DONE, with the time its pipe's read brought it.
     *
     * @param key the key
     * @param sinceNanos before which a look does not count
     * @return whether a loose file or a packed record of the key exists, as seen since then
     */
    public boolean isPresentSince(CacheKey key, long sinceNanos) {
        return lookup.isPresent(key, this::entryPath, sinceNanos);
    }

    /**
     * Stores a value.
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param overwrite whether an existing entry is replaced; if false and one exists, nothing is written
     * @return whether the value was written
     * @throws IOException if writing fails (disk full, permissions), naming the cache directory;
     *     no partial entry is left behind
     * @throws CodecException if the codec cannot encode the value
     */
    public boolean write(CacheKey key, Object value, Duration computationTime, boolean overwrite)
            throws IOException, CodecException {
        return write(key, value, computationTime, overwrite, new byte[0]);
    }

    /**
     * Stores a value with the footprint of the arguments it was computed from, so that
     * {@code mppfc ls} can show them (a footprint over 64 KiB is not stored).
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param overwrite whether an existing entry is replaced; if false and one exists, nothing is written
     * @param arguments the footprint of the arguments ({@code Footprint.ofArguments}), or an empty array
     * @return whether the value was written
     * @throws IOException as {@link #write(CacheKey, Object, Duration, boolean)}
     * @throws CodecException if the codec cannot encode the value, or its encoding is larger than
     *     an entry can hold (2 GiB)
     */
    public boolean write(CacheKey key, Object value, Duration computationTime, boolean overwrite, byte[] arguments)
            throws IOException, CodecException {
        requireWritable();
        return writes.write(key, value, computationTime, overwrite, arguments, this);
    }

    /**
     * Starts a batch of new entries that are published together, the small ones as one pack:
     * what a worker storing several results at once uses ({@link EntryBatch}).
     *
     * @return an empty batch
     */
    public EntryBatch batch() {
        requireWritable();
        return new EntryBatch(this, writes.batches());
    }

    /** The packs of this function, as this process sees them. */
    PackSet packs() {
        return store.packs();
    }

    /** How this cache writes: what a batch of entries writes loose ({@link EntryBatch}). */
    EntryWrites writes() {
        return writes;
    }

    /**
     * Opens the temp file of an entry that arrives in parts (a worker's result sent over its
     * pipe): nothing is in place until {@link IncomingEntry#commit} has checked it.
     *
     * @param key the key the entry is for
     * @param length its announced length in bytes
     * @return the entry being received
     * @throws IOException if the temp file cannot be created, naming the cache directory
     */
    public IncomingEntry receive(CacheKey key, long length) throws IOException {
        requireWritable();
        return writes.receive(key, length);
    }

    /**
     * Puts a shared store behind this cache: misses ask it, writes are uploaded to it. Set once,
     * by the function's assembly, before the cache is used (a read-only cache asks it, and keeps
     * what it answers in memory only).
     *
     * @param tier the shared tier of this function
     */
    public void share(SharedTier tier) {
        remote.set(tier);
    }

    /** @return the shared tier behind this cache, or null */
    public SharedTier sharedTier() {
        return remote.tier();
    }

    private void requireWritable() {
        if (store.readOnly()) {
            throw new IllegalStateException("the cache " + directory + " was opened read-only");
        }
    }
}
