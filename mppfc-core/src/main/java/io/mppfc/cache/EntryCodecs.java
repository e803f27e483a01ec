package io.mppfc.cache;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ValueCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codecs that read one function's entries: the one new entries are written with, and any
 * other an entry names (made once, with the same allow-list). An entry of a codec not available
 * here is a miss, warned about once per codec; a read-only cache reports it instead.
 */
final class EntryCodecs {

    private static final Logger LOG = LoggerFactory.getLogger(EntryCodecs.class);

    private final Path directory;
    private final ValueCodec writing;
    private final ClassAllowList allowList;
    private final boolean readOnly;
    private final Map<Codec, ValueCodec> others = new EnumMap<>(Codec.class);
    private final Set<Codec> warnedUnavailable = EnumSet.noneOf(Codec.class);

    EntryCodecs(Path directory, ValueCodec writing, ClassAllowList allowList, boolean readOnly) {
        this.directory = directory;
        this.writing = writing;
        this.allowList = allowList;
        this.readOnly = readOnly;
    }

    ValueCodec writing() {
        return writing;
    }

    /**
     * The codec of id {@code id}; null if it is known but not available here (a miss).
     *
     * @throws CorruptEntryException if no codec has that id (written by a newer mppfc, or damage)
     * @throws IOException in a read-only cache, for a codec not available here
     */
    synchronized ValueCodec forId(byte id) throws IOException, CorruptEntryException {
        if (id == Codecs.id(writing.codec())) {
            return writing;
        }
        Codec other = Codecs.byId(id);
        if (other == null) {
            throw new CorruptEntryException("unknown codec id " + id + " (written by a newer mppfc?)");
        }
        ValueCodec known = others.get(other);
        if (known != null) {
            return known;
        }
        try {
            known = Codecs.create(other, allowList);
        } catch (IllegalStateException e) {
            String message = "entries in " + directory + " were written with the " + other + " codec, which is "
                    + "not available here: " + e.getMessage();
            if (readOnly) {
                throw new IOException(message);
            }
            if (warnedUnavailable.add(other)) {
                LOG.warn("{}; until then they are misses, and a recomputed value replaces its entry", message);
            }
            return null;
        }
        others.put(other, known);
        return known;
    }
}
