package io.mppfc.cache.failure;

import io.mppfc.cache.EntryFile;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.FilePermissions;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.SharedTier;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusalKind;
import io.mppfc.files.RefusedFileException;
import io.mppfc.FailureKind;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

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
    /** A record holds a stack trace; a megabyte of it is more than anyone reads. */
    private static final int MAX_TRACE = 1 << 20;
    static final int MAX_RECORD = 4 << 20;
    /** "MPPFCF" and the record format's version, a byte of its own so that a newer format is told from damage. */
    private static final byte[] MAGIC = "MPPFCF\u0002".getBytes(StandardCharsets.ISO_8859_1);
    static final int VERSION_AT = MAGIC.length - 1;
    private static final String FORMAT = "mppfc-failure/2";
    private static final String FORMAT_1 = "mppfc-failure/1";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

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

    private final Path functionDirectory;
    private final Path directory;
    /** A read-only cache is never changed: a damaged record is then ignored, not moved aside. */
    private final boolean readOnly;
    /** What each record here names as its function directory. */
    private final byte[] functionId;
    /** How the function hashes arguments into keys, to tie format 1 records to theirs ({@link #keyedBy}); or null. */
    private volatile java.util.function.Function<byte[], CacheKey> keyOfFootprint;
    /** The keys with a record, listed once, then kept up to date by this process's own writes. */
    private volatile Set<CacheKey> recorded;
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
        this.functionDirectory = functionDirectory;
        this.directory = functionDirectory.resolve(DIRECTORY);
        this.readOnly = readOnly;
        this.functionId = EntryFormat.functionId(functionDirectory);
    }

    /** The file of a key's record, whether or not there is one. */
    Path file(CacheKey key) {
        return directory.resolve(key.hex());
    }

    byte[] functionId() {
        return functionId;
    }

    /**
     * Checks, from now on, that a record of format 1 (which does not name its key) read by
     * {@link #read} is the key's: its arguments' footprint must hash to it.
     *
     * @param keyOfFootprint the function's keys, from its arguments' footprint
     * @return these records
     */
    public FailureRecords keyedBy(java.util.function.Function<byte[], CacheKey> keyOfFootprint) {
        this.keyOfFootprint = java.util.Objects.requireNonNull(keyOfFootprint);
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
        if (!readOnly) {
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
        write(failure.key(), encode(failure));
        SharedFailureRecords sharing = shared;
        if (sharing != null && failure.kind() == FailureKind.THREW) {
            sharing.uploadLater(failure.key());
        }
    }

    byte[] encode(Failure failure) {
        String trace = failure.stackTrace() == null ? "" : failure.stackTrace();
        if (trace.length() > MAX_TRACE) {
            trace = trace.substring(0, MAX_TRACE) + "\n\t... (cut at " + MAX_TRACE + " characters)";
        }
        byte[] body = Footprint.of(Arrays.asList(FORMAT, failure.key().bytes(), functionId, failure.arguments(),
                failure.kind().name(),
                failure.exceptionClass(), failure.message(), trace, failure.host(), failure.took().toNanos(),
                failure.attempts(), failure.at().toEpochMilli()));
        ByteBuffer file = ByteBuffer.allocate(MAGIC.length + body.length + 4).put(MAGIC).put(body);
        CRC32C crc = new CRC32C();
        crc.update(file.array(), 0, file.position());
        file.putInt((int) crc.getValue());
        return file.array();
    }

    /** A whole record, written as an entry is: a temp file renamed into place. */
    void write(CacheKey key, byte[] record) throws IOException {
        makeDirectory();
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Path temp = directory.resolve(DiskCache.TEMP_PREFIX + "failure-" + HexFormat.of().formatHex(nonce));
        FileGate.replace(directory.resolve(key.hex()), temp, record, FilePermissions.file());
        recorded().add(key);
    }

    /**
     * Makes {@code failures} a real directory: a link, file or FIFO in its place is moved to the
     * quarantine once (as a level directory's is), else no failure would ever be recorded again.
     */
    private void makeDirectory() throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            java.nio.file.attribute.BasicFileAttributes a = FileGate.attributesOrNull(directory);
            if (a != null && a.isDirectory()) {
                return;
            }
            if (a != null) {
                Quarantine.move(functionDirectory, directory, "the failures directory is " + EntryFile.kind(a));
            }
            try {
                FilePermissions.createDirectory(directory); // mkdir: never through a link
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made (or planted) meanwhile: looked at again
            }
        }
        throw new IOException("cannot make " + directory + " a directory for failure records: something keeps "
                + "replacing it; the failure is not recorded");
    }

    /**
     * Returns the recorded failure of a key.
     *
     * @param key a key
     * @return its failure, or null if none is recorded (a damaged record is moved aside and is none)
     * @throws IOException if the directory cannot be read
     */
    public Failure read(CacheKey key) throws IOException {
        Path file = directory.resolve(key.hex());
        boolean isDirectory = Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
        if (!isDirectory && Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return null; // a link in its place is not read through, as files() does not list through it
        }
        if (!isDirectory || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            SharedFailureRecords sharing = shared;
            return sharing == null ? null : sharing.fetch(key, readOnly);
        }
        // never follows a link nor reads a FIFO or device planted under a record's name
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return damaged(file, "not a regular file where a failure record belongs");
        }
        byte[] bytes;
        try {
            bytes = FileGate.readBounded(file, MAX_RECORD);
        } catch (NoSuchFileException e) {
            return null;
        } catch (RefusedFileException e) {
            return damaged(file, e.kind() == RefusalKind.TOO_LARGE ? "a failure record over " + (MAX_RECORD >> 20) + " MB"
                    : "not a regular file where a failure record belongs");
        }
        if (isNewer(bytes)) {
            return null; // a newer mppfc's record: not ours to read or move
        }
        Failure failure = parse(key, functionId, bytes);
        java.util.function.Function<byte[], CacheKey> keys = keyOfFootprint;
        if (failure != null && bytes[VERSION_AT] == 1 && keys != null && !keys.apply(failure.arguments()).equals(key)) {
            failure = null; // a format 1 record of other arguments, copied onto this key's name
        }
        return failure != null ? failure : damaged(file, "a damaged failure record, or another key's or code version's");
    }

    private Failure damaged(Path file, String why) throws IOException {
        if (!readOnly) {
            Quarantine.move(functionDirectory, file, "failure record", why);
        }
        return null;
    }

    /**
     * Removes the record of a key that now has a result, at the cost of a set lookup when it has none.
     *
     * @param key a key whose result is stored
     * @throws IOException if the record cannot be removed
     */
    public void succeeded(CacheKey key) throws IOException {
        if (recorded().remove(key)) {
            FileGate.deleteFile(directory.resolve(key.hex()));
        }
    }

    /**
     * Returns every readable record, without changing anything (damaged ones are left where they are).
     *
     * @return the records, in no particular order
     * @throws IOException if the directory cannot be read
     */
    public List<Failure> all() throws IOException {
        List<Failure> all = new ArrayList<>();
        for (Path file : files()) {
            try {
                Failure failure = parseListed(file);
                if (failure != null) {
                    all.add(failure);
                }
            } catch (NoSuchFileException e) {
                // removed by a later success meanwhile
            }
        }
        return all;
    }

    /**
     * Returns the records whose key has no result, without changing anything: a record another
     * process's later success did not remove is not a standing failure.
     *
     * @return the standing failures, in no particular order
     * @throws IOException if the directory cannot be read
     */
    public List<Failure> standing() throws IOException {
        PackSet packs = new PackSet(functionDirectory);
        List<Failure> standing = new ArrayList<>();
        for (Failure failure : all()) {
            CacheKey key = failure.key();
            if (!Files.exists(key.entryIn(functionDirectory), LinkOption.NOFOLLOW_LINKS)
                    && packs.find(key) == null) {
                standing.add(failure);
            }
        }
        return standing;
    }

    /**
     * Moves aside every record that is not whole and checksummed: what {@code mppfc verify} does.
     *
     * @return where each damaged record was
     * @throws IOException if the directory cannot be read or a record cannot be moved
     */
    public List<Path> quarantineDamaged() throws IOException {
        List<Path> damaged = new ArrayList<>();
        for (Path file : files()) {
            try {
                if (parseListed(file) == null && !isNewer(file)
                        && Quarantine.move(functionDirectory, file, "failure record", "damaged") != null) {
                    damaged.add(file);
                }
            } catch (NoSuchFileException e) {
                // removed by a success meanwhile
            }
        }
        return damaged;
    }

    /**
     * Returns how many records there are, by their names alone.
     *
     * @return how many failure records there are
     * @throws IOException if the directory cannot be read
     */
    public long count() throws IOException {
        return files().size();
    }

    /**
     * Removes every record.
     *
     * @return how many were removed
     * @throws IOException if one cannot be removed
     */
    public long clear() throws IOException {
        long removed = 0;
        for (Path file : files()) {
            if (FileGate.deleteFile(file)) {
                removed++;
            }
        }
        synchronized (this) {
            recorded = null;
        }
        return removed;
    }

    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (NAME.matcher(child.getFileName().toString()).matches()
                        && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(child);
                }
            }
        }
        return files;
    }

    /** Asked on every success: a volatile read once listed, no lock. */
    private Set<CacheKey> recorded() throws IOException {
        Set<CacheKey> known = recorded;
        return known != null ? known : listRecorded();
    }

    /** Listed once, by one thread: a second listing racing the first could lose a key recorded meanwhile. */
    private synchronized Set<CacheKey> listRecorded() throws IOException {
        Set<CacheKey> known = recorded;
        if (known == null) {
            known = ConcurrentHashMap.newKeySet();
            for (Path file : files()) {
                known.add(CacheKey.ofHex(file.getFileName().toString()));
            }
            recorded = known;
        }
        return known;
    }

    /** A file {@link #files()} listed, named by its key: null if it is over the size bound, damaged or newer. */
    private Failure parseListed(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = FileGate.readBounded(file, MAX_RECORD);
        } catch (RefusedFileException e) {
            return null; // replaced by something else since it was listed, or too large: damaged
        }
        return parse(CacheKey.ofHex(file.getFileName().toString()), functionId, bytes);
    }

    /** Whether the record starts as one of a newer format than this mppfc writes (never damage). */
    static boolean isNewer(byte[] bytes) {
        return bytes.length > VERSION_AT && Arrays.equals(bytes, 0, VERSION_AT, MAGIC, 0, VERSION_AT)
                && NewerFormatException.isNewer(bytes[VERSION_AT], MAGIC[VERSION_AT]);
    }

    private static boolean isNewer(Path file) throws IOException {
        byte[] start = new byte[MAGIC.length];
        try (FileGate.Opened opened = FileGate.openRead(file)) {
            return opened.channel().read(java.nio.ByteBuffer.wrap(start)) == start.length && isNewer(start);
        } catch (RefusedFileException e) {
            return false; // not a regular file: damage whatever it says
        }
    }

    /** Null for anything but a whole, checksummed record of a known format, of this key and function directory. */
    static Failure parse(CacheKey key, byte[] functionId, byte[] bytes) {
        boolean format1 = bytes.length > VERSION_AT && bytes[VERSION_AT] == 1;
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, VERSION_AT, MAGIC, 0, VERSION_AT)
                || !(format1 || bytes[VERSION_AT] == MAGIC[VERSION_AT])) {
            return null;
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            return null;
        }
        try {
            Object loaded = Footprint.load(Arrays.copyOfRange(bytes, MAGIC.length, bytes.length - 4));
            if (!format1) {
                // format 2 is format 1's fields with the key and the function directory after the format name
                if (!(loaded instanceof List<?> all) || all.size() != 12 || !FORMAT.equals(all.get(0))
                        || !(all.get(1) instanceof byte[] named && named.length == EntryFormat.KEY && key.isAt(named, 0))
                        || !(all.get(2) instanceof byte[] function && Arrays.equals(function, functionId))) {
                    return null;
                }
                List<Object> fields = new ArrayList<>(all);
                fields.subList(1, 3).clear();
                fields.set(0, FORMAT_1);
                loaded = fields;
            }
            if (!(loaded instanceof List<?> fields) || fields.size() != 10 || !FORMAT_1.equals(fields.get(0))
                    || !(fields.get(1) instanceof byte[] arguments) || !(fields.get(2) instanceof String kind)
                    || !(fields.get(3) instanceof String exceptionClass)
                    || !(fields.get(4) == null || fields.get(4) instanceof String)
                    || !(fields.get(5) instanceof String trace) || !(fields.get(6) instanceof String host)
                    || !(fields.get(7) instanceof Long nanos) || !(fields.get(8) instanceof Integer attempts)
                    || !(fields.get(9) instanceof Long millis)) {
                return null;
            }
            return new Failure(key, arguments, FailureKind.valueOf(kind), exceptionClass, (String) fields.get(4), trace,
                    host, Duration.ofNanos(nanos), attempts, Instant.ofEpochMilli(millis));
        } catch (IllegalArgumentException e) { // a FootprintException, or a kind this version does not know
            return null;
        }
    }
}
