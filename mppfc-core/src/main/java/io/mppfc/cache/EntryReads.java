package io.mppfc.cache;

import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.codec.ResultTypes;
import io.mppfc.cache.codec.ValueCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The read side of {@link DiskCache}: a key's entry found (loose, packed, else the shared tier's)
 * and its value decoded, which must be one of the function's results; whatever fails on the way
 * is a miss, moved aside ({@link EntryLookup#damaged}) or skipped.
 */
final class EntryReads {

    private final EntryPaths paths;
    private final EntryCodecs codecs;
    private final EntryLookup lookup;
    private final SharedTierLink remote;
    /** What a value must be to be this function's result: entries holding anything else are damage. */
    private final Class<?> resultType;

    EntryReads(EntryPaths paths, EntryCodecs codecs, EntryLookup lookup, SharedTierLink remote, Class<?> resultType) {
        this.paths = paths;
        this.codecs = codecs;
        this.lookup = lookup;
        this.remote = remote;
        this.resultType = resultType;
    }

    /** As {@link DiskCache#read}. */
    CacheEntry read(CacheKey key, DiskCache cache) throws IOException, ClassNotAllowedException {
        return look(key, cache).entry();
    }

    /** As {@link DiskCache#look}. */
    CacheRead look(CacheKey key, DiskCache cache) throws IOException, ClassNotAllowedException {
        Path path = paths.of(key);
        EntryLookup.Outcome outcome = lookup.look(path, key);
        EntryLookup.Located found = outcome.found();
        if (found == null) {
            found = remote.afterMiss(key, path, cache);
            if (found == null) {
                return outcome.nothingStored() ? CacheRead.NOTHING : CacheRead.UNUSABLE;
            }
        }
        CacheEntry entry = decoded(key, found);
        return entry == null ? CacheRead.UNUSABLE : new CacheRead(entry, false);
    }

    private CacheEntry decoded(CacheKey key, EntryLookup.Located found) throws IOException, ClassNotAllowedException {
        EntryFormat.Parsed parsed = found.parsed();
        Object value = null;
        if (!parsed.isNull()) {
            try {
                boolean plain = parsed.codecId() == PlainValues.ID;
                ValueCodec reader = plain ? null : codecs.forId(parsed.codecId());
                if (!plain && reader == null) {
                    return null;
                }
                ByteBuffer payload = parsed.compressed()
                        ? Compression.decompress(parsed.payload()) : parsed.payload();
                value = plain ? PlainValues.decode(payload) : reader.decode(payload);
            } catch (CorruptEntryException e) {
                return remote.damaged(key, found, e.getMessage());
            } catch (ClassNotAllowedException e) {
                if (SharedTierLink.fromSharedStore(found)) {
                    // only what the bucket's writer chose, not the caller's error to fix
                    return remote.damaged(key, found, e.getMessage());
                }
                throw e;
            } catch (CodecException e) {
                return remote.damaged(key, found, e.getMessage());
            }
        }
        String mismatch = ResultTypes.mismatch(resultType, value);
        if (mismatch != null) {
            return remote.damaged(key, found, mismatch);
        }
        lookup.used(found);
        return new CacheEntry(value, Duration.ofNanos(parsed.computeNanos()), Instant.ofEpochMilli(parsed.storedAtMillis()));
    }

    /** When the checked entry of a key was stored, or null ({@link DiskCache#storedAt}). */
    Instant storedAt(CacheKey key, DiskCache cache) throws IOException {
        EntryLookup.Located found = locate(key, cache);
        return found == null ? null : Instant.ofEpochMilli(found.parsed().storedAtMillis());
    }

    /** The local entry, else the shared tier's ({@link SharedTierLink#afterMiss}); the path is made once. */
    EntryLookup.Located locate(CacheKey key, DiskCache cache) throws IOException {
        Path path = paths.of(key);
        EntryLookup.Located found = lookup.locate(path, key);
        return found != null ? found : remote.afterMiss(key, path, cache);
    }
}
