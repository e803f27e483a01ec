package io.mppfc.cache.failure;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.Quarantine;
import io.mppfc.cache.failure.FailureRecords.Failure;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusalKind;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the failure records of one code version: one key's (a damaged one moved aside, unless
 * read-only), or all of them for the commands that list and verify (which change nothing but what
 * {@code verify} sets aside).
 */
final class FailureReader {

    /** What is asked when a key has no local record (the shared store's, or nothing). */
    @FunctionalInterface
    interface Elsewhere {
        Failure fetch(CacheKey key) throws IOException;
    }

    private final RecordDirectory records;
    /** How the function hashes arguments into keys, to tie format 1 records to theirs; or null. */
    private volatile Function<byte[], CacheKey> keyOfFootprint;

    FailureReader(RecordDirectory records) {
        this.records = records;
    }

    void keyedBy(Function<byte[], CacheKey> keyOfFootprint) {
        this.keyOfFootprint = keyOfFootprint;
    }

    Failure read(CacheKey key, Elsewhere elsewhere) throws IOException {
        Path directory = records.directory();
        Path file = records.file(key);
        boolean isDirectory = Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS);
        if (!isDirectory && Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return null; // a link in its place is not read through, as list() does not list through it
        }
        if (!isDirectory || !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return elsewhere.fetch(key);
        }
        // never follows a link nor reads a FIFO or device planted under a record's name
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return damaged(file, "not a regular file where a failure record belongs");
        }
        byte[] bytes;
        try {
            bytes = FileGate.readBounded(file, FailureFormat.MAX_RECORD);
        } catch (NoSuchFileException e) {
            return null;
        } catch (RefusedFileException e) {
            return damaged(file, e.kind() == RefusalKind.TOO_LARGE
                    ? "a failure record over " + (FailureFormat.MAX_RECORD >> 20) + " MB"
                    : "not a regular file where a failure record belongs");
        }
        if (FailureFormat.isNewer(bytes)) {
            return null; // a newer mppfc's record: not ours to read or move
        }
        Failure failure = FailureFormat.parse(key, records.functionId(), bytes);
        Function<byte[], CacheKey> keys = keyOfFootprint;
        if (failure != null && FailureFormat.namesNoKey(bytes) && keys != null
                && !keys.apply(failure.arguments()).equals(key)) {
            failure = null; // a format 1 record of other arguments, copied onto this key's name
        }
        return failure != null ? failure : damaged(file, "a damaged failure record, or another key's or code version's");
    }

    private Failure damaged(Path file, String why) throws IOException {
        if (!records.readOnly()) {
            Quarantine.move(records.functionDirectory(), file, "failure record", why);
        }
        return null;
    }

    List<Failure> all() throws IOException {
        List<Failure> all = new ArrayList<>();
        for (Path file : records.list()) {
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

    List<Failure> standing() throws IOException {
        Path functionDirectory = records.functionDirectory();
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

    List<Path> quarantineDamaged() throws IOException {
        List<Path> damaged = new ArrayList<>();
        for (Path file : records.list()) {
            try {
                if (parseListed(file) == null && !isNewer(file)
                        && Quarantine.move(records.functionDirectory(), file, "failure record", "damaged") != null) {
                    damaged.add(file);
                }
            } catch (NoSuchFileException e) {
                // removed by a success meanwhile
            }
        }
        return damaged;
    }

    /** A file {@link RecordDirectory#list()} listed, named by its key: null if it is over the size bound, damaged or newer. */
    private Failure parseListed(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = FileGate.readBounded(file, FailureFormat.MAX_RECORD);
        } catch (RefusedFileException e) {
            return null; // replaced by something else since it was listed, or too large: damaged
        }
        return FailureFormat.parse(CacheKey.ofHex(file.getFileName().toString()), records.functionId(), bytes);
    }

    private static boolean isNewer(Path file) throws IOException {
        byte[] start = new byte[FailureFormat.headerLength()];
        try (FileGate.Opened opened = FileGate.openRead(file)) {
            return opened.channel().read(ByteBuffer.wrap(start)) == start.length && FailureFormat.isNewer(start);
        } catch (RefusedFileException e) {
            return false; // not a regular file: damage whatever it says
        }
    }
}
