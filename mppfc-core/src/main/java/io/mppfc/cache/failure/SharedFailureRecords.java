package io.mppfc.cache.failure;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.SharedTier;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One function's failure records as its shared store holds them: what is uploaded (a checked
 * format-2 record, without its arguments if the store keeps them out) and what a fetched record
 * must be to be believed (a whole, checksummed format-2 record naming the key and function
 * directory asked for; format 1 names no key and is refused).
 */
final class SharedFailureRecords {

    private final FailureRecords records;
    private final SharedTier tier;

    SharedFailureRecords(FailureRecords records, SharedTier tier) {
        this.records = records;
        this.tier = tier;
    }

    void uploadLater(CacheKey key) {
        tier.uploadFailureLater(key);
    }

    /** The key's record as uploaded; an IOException (never retried) if it is damaged or names no key. */
    byte[] forUpload(CacheKey key) throws IOException {
        Path file = records.file(key);
        byte[] bytes = FileGate.readBounded(file, FailureFormat.MAX_RECORD);
        FailureRecords.Failure failure = FailureFormat.parse(key, records.functionId(), bytes);
        if (failure == null || FailureFormat.namesNoKey(bytes)) {
            throw new IOException("the failure record " + file + " is damaged, or of a format that names no key");
        }
        return tier.uploadsArguments() ? bytes : records.encode(new FailureRecords.Failure(key, new byte[0],
                failure.kind(), failure.exceptionClass(), failure.message(), failure.stackTrace(), failure.host(),
                failure.took(), failure.attempts(), failure.at()));
    }

    /**
     * The store's record of a key without a local one, checked as a local record is and stored
     * locally (unless {@code readOnly}); null if the store has none that passes.
     */
    FailureRecords.Failure fetch(CacheKey key, boolean readOnly) throws IOException {
        byte[] bytes = tier.fetchFailure(key, FailureFormat.MAX_RECORD);
        if (bytes == null || FailureFormat.isNewer(bytes)) {
            return null;
        }
        FailureRecords.Failure failure = FailureFormat.namesNoKey(bytes) ? null
                : FailureFormat.parse(key, records.functionId(), bytes);
        if (failure == null) {
            tier.refusedFailure(key, "a damaged record, another key's or code version's, or of a format that names "
                    + "no key");
            return null;
        }
        if (!readOnly) {
            records.write(key, bytes);
        }
        return failure;
    }
}
