package io.mppfc.cache.failure;

import io.mppfc.FailureKind;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.NewerFormatException;
import io.mppfc.cache.failure.FailureRecords.Failure;
import io.mppfc.footprint.Footprint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a failure record: format 2 is written; formats 1 and 2 are read, and a newer one is
 * told from damage by its version byte. Format 2 is format 1's fields with the key and the function
 * directory after the format name, all inside the checksum.
 */
final class FailureFormat {

    /** A record holds a stack trace; a megabyte of it is more than anyone reads. */
    private static final int MAX_TRACE = 1 << 20;
    static final int MAX_RECORD = 4 << 20;
    /** "MPPFCF" and the record format's version, a byte of its own so that a newer format is told from damage. */
    private static final byte[] MAGIC = "MPPFCF\u0002".getBytes(StandardCharsets.ISO_8859_1);
    private static final int VERSION_AT = MAGIC.length - 1;
    private static final String FORMAT = "mppfc-failure/2";
    private static final String FORMAT_1 = "mppfc-failure/1";

    private FailureFormat() {
    }

    static byte[] encode(Failure failure, byte[] functionId) {
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

    static int headerLength() {
        return MAGIC.length;
    }

    /** Whether the record starts as one of a newer format than this mppfc writes (never damage). */
    static boolean isNewer(byte[] bytes) {
        return bytes.length > VERSION_AT && Arrays.equals(bytes, 0, VERSION_AT, MAGIC, 0, VERSION_AT)
                && NewerFormatException.isNewer(bytes[VERSION_AT], MAGIC[VERSION_AT]);
    }

    /** Whether the bytes claim format 1, which does not name its key (checked by its arguments instead). */
    static boolean namesNoKey(byte[] bytes) {
        return bytes.length > VERSION_AT && bytes[VERSION_AT] == 1;
    }

    /** Null for anything but a whole, checksummed record of a known format, of this key and function directory. */
    static Failure parse(CacheKey key, byte[] functionId, byte[] bytes) {
        boolean format1 = namesNoKey(bytes);
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
            return ofFormat1Fields(key, loaded);
        } catch (IllegalArgumentException e) { // a FootprintException, or a kind this version does not know
            return null;
        }
    }

    private static Failure ofFormat1Fields(CacheKey key, Object loaded) {
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
    }
}
