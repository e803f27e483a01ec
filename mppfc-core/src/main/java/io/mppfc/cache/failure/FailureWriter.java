package io.mppfc.cache.failure;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.FilePermissions;
import io.mppfc.cache.Quarantine;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes and removes the failure records of one code version: each record whole, as an entry is
 * (a temp file renamed into place), and removed when its key succeeds, which costs a set lookup
 * when the key has none.
 */
final class FailureWriter {

    private final RecordDirectory records;
    /** The keys with a record, listed once, then kept up to date by this process's own writes. */
    private volatile Set<CacheKey> recorded;

    FailureWriter(RecordDirectory records) {
        this.records = records;
    }

    void write(CacheKey key, byte[] record) throws IOException {
        makeDirectory();
        Path temp = records.directory().resolve(DiskCache.TEMP_PREFIX + "failure-" + Nonces.hex(12));
        FileGate.replace(records.file(key), temp, record, FilePermissions.file());
        recorded().add(key);
    }

    /**
     * Makes {@code failures} a real directory: a link, file or FIFO in its place is moved to the
     * quarantine once (as a level directory's is), else no failure would ever be recorded again.
     */
    private void makeDirectory() throws IOException {
        Path directory = records.directory();
        for (int attempt = 0; attempt < 3; attempt++) {
            BasicFileAttributes a = FileGate.attributesOrNull(directory);
            if (a != null && a.isDirectory()) {
                return;
            }
            if (a != null) {
                Quarantine.move(records.functionDirectory(), directory, "the failures directory is " + EntryFile.kind(a));
            }
            try {
                FilePermissions.createDirectory(directory); // mkdir: never through a link
            } catch (FileAlreadyExistsException e) {
                // made (or planted) meanwhile: looked at again
            }
        }
        throw new IOException("cannot make " + directory + " a directory for failure records: something keeps "
                + "replacing it; the failure is not recorded");
    }

    void succeeded(CacheKey key) throws IOException {
        if (recorded().remove(key)) {
            FileGate.deleteFile(records.file(key));
        }
    }

    long clear() throws IOException {
        long removed = 0;
        for (Path file : records.list()) {
            if (FileGate.deleteFile(file)) {
                removed++;
            }
        }
        synchronized (this) {
            recorded = null;
        }
        return removed;
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
            for (Path file : records.list()) {
                known.add(CacheKey.ofHex(file.getFileName().toString()));
            }
            recorded = known;
        }
        return known;
    }
}
