package io.mppfc.cache.failure;

import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.SharedTier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The failures of one code version of a function, on disk: {@code <function>/failures/<key>},
 * one small file each, written whole and renamed into place like an entry. An entry of the same
 * key always wins over a failure record (a later success), and a code change makes them
 * inapplicable by construction: they live in the code version's directory.
 *
 * <p>A record (format 2) holds, inside its checksummed bytes, its key and its function directory
 * ({@link EntryFormat#functionId}), compared on every read: a record copied onto another key's
 * name or into another code version's directory is damage, never another call's failure. Format
 * 1 records are still read; a format newer than this mppfc knows is left where it is, unread.
 *
 * @since 0.2
 */
public final class FailureRecords {

    public static final String DIRECTORY = "failures";

    /**
     * One failure of one argument tuple.
     *
     * @param key the key of the call
     * @param arguments the footprint of its arguments ({@code Footprint.ofArguments})
     * @param kind what happened
     * @param exceptionClass the function's exception class, or the kind's label
     * @param message the message, possibly null
     * @param stackTrace the stack trace with its causes, or what is known of a worker's death
     * @param host where it ran, e.g. {@code host n17}
     * @param took how long it ran before it failed
     * @param attempts how many times it was tried in that run
     * @param at when it failed
     */
    public record Failure(CacheKey key, byte[] arguments, FailureKind kind, String exceptionClass, String message,
            String stackTrace, String host, Duration took, int attempts, Instant at) {
    }

    private final RecordDirectory records;
    private final FailureReader reader;
    private final FailureWriter writer;
    /** The shared store these records are shared through ({@link #shareThrough}), or null. */
    private volatile SharedFailureRecords shared;

    /**
     * Returns the failure records of a function directory, for reading and writing.
     *
     * @param functionDirectory one code version's directory of a function
     */
    public FailureRecords(Path functionDirectory) {
        this(functionDirectory, false);
    }

    /**
     * Returns the failure records of a function directory.
     *
     * @param functionDirectory one code version's directory of a function
     * @param readOnly whether nothing may be changed (a damaged record is then ignored where it is)
     */
    public FailureRecords(Path functionDirectory, boolean readOnly) {
        this.records = new RecordDirectory(functionDirectory, functionDirectory.resolve(DIRECTORY),
                EntryFormat.functionId(functionDirectory), readOnly);
        this.reader = new FailureReader(records);
        this.writer = new FailureWriter(records);
    }

    /**
     * Checks, from now on, that a record of format 1 (which does not name its key) read by
     * {@link #read} is the key's: its arguments' footprint must hash to it.
     *
     * @param keyOfFootprint the function's keys, from its arguments' footprint
     * @return these records
     */
    public FailureRecords keyedBy(Function<byte[], CacheKey> keyOfFootprint) {
        reader.keyedBy(Objects.requireNonNull(keyOfFootprint));
        return this;
    }

    /**
     * Shares these records through a shared store: a failure recorded here (one the function
     * threw, the only kind {@code skipKnownFailures} answers with) is uploaded in the background by
     * this process, and a key without a local record asks the store ({@link #read}), whose record
     * is checked as a local one (format, checksum, key and function directory) before it is
     * stored here.
     *
     * @param tier the function's shared tier
     * @param cache the function's cache
     * @return these records
     */
    public FailureRecords shareThrough(SharedTier tier, DiskCache cache) {
        SharedFailureRecords sharing = new SharedFailureRecords(this, tier);
        this.shared = sharing;
        if (!records.readOnly()) {
            tier.shareFailures(key -> () -> sharing.forUpload(key), cache);
        }
        return this;
    }

    /**
     * Records a failure, replacing an older record of the same key.
     *
     * @param failure the failure
     * @throws IOException if it cannot be written
     */
    public void record(Failure failure) throws IOException {
        writer.write(failure.key(), encode(failure));
        SharedFailureRecords sharing = shared;
        if (sharing != null && failure.kind() == FailureKind.THREW) {
            sharing.uploadLater(failure.key());
        }
    }

    /**
     * Returns the recorded failure of a key.
     *
     * @param key a key
     * @return its failure, or null if none is recorded (a damaged record is moved aside and is none)
     * @throws IOException if the directory cannot be read
     */
    public Failure read(CacheKey key) throws IOException {
        SharedFailureRecords sharing = shared;
        return reader.read(key, sharing == null ? absent -> null : absent -> sharing.fetch(absent, records.readOnly()));
    }

    /**
     * Removes the record of a key that now has a result, at the cost of a set lookup when it has none.
     *
     * @param key a key whose result is stored
     * @throws IOException if the record cannot be removed
     */
    public void succeeded(CacheKey key) throws IOException {
        writer.succeeded(key);
    }

    /**
     * Returns every readable record, without changing anything (damaged ones are left where they are).
     *
     * @return the records, in no particular order
     * @throws IOException if the directory cannot be read
     */
    public List<Failure> all() throws IOException {
        return reader.all();
    }

    /**
     * Returns the records whose key has no result, without changing anything: a record another
     * process's later success did not remove is not a standing failure.
     *
     * @return the standing failures, in no particular order
     * @throws IOException if the directory cannot be read
     */
    public List<Failure> standing() throws IOException {
        return reader.standing();
    }

    /**
     * Moves aside every record that is not whole and checksummed: what {@code mppfc verify} does.
     *
     * @return where each damaged record was
     * @throws IOException if the directory cannot be read or a record cannot be moved
     */
    public List<Path> quarantineDamaged() throws IOException {
        return reader.quarantineDamaged();
    }

    /**
     * Returns how many records there are, by their names alone.
     *
     * @return how many failure records there are
     * @throws IOException if the directory cannot be read
     */
    public long count() throws IOException {
        return records.list().size();
    }

    /**
     * Removes every record.
     *
     * @return how many were removed
     * @throws IOException if one cannot be removed
     */
    public long clear() throws IOException {
        return writer.clear();
    }

    /** The file of a key's record, whether or not there is one. */
    Path file(CacheKey key) {
        return records.file(key);
    }

    byte[] functionId() {
        return records.functionId();
    }

    byte[] encode(Failure failure) {
        return FailureFormat.encode(failure, records.functionId());
    }

    /** Stores a record fetched from elsewhere, already checked. */
    void write(CacheKey key, byte[] record) throws IOException {
        writer.write(key, record);
    }
}
