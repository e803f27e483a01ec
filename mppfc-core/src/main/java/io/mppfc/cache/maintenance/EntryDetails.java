package io.mppfc.cache.maintenance;

import io.mppfc.FootprintException;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.pack.Pack;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code mppfc ls} shows of each entry beyond its file: the computation time and the
 * arguments stored in it. Packed entries come pack by pack, so the last pack opened is kept.
 */
final class EntryDetails {

    private static Pack lastPack;

    private EntryDetails() {
    }

    static synchronized Duration computeTime(CacheInventory.Entry entry) {
        if (entry.packed()) {
            try {
                return Duration.ofNanos(pack(entry).computeNanosAt(entry.packOffset()));
            } catch (IOException | CorruptEntryException e) {
                return Duration.ZERO;
            }
        }
        return looseComputeTime(entry.path());
    }

    /** Not synchronized: a loose entry shares nothing with the others, so summing them runs in parallel. */
    static Duration looseComputeTime(Path looseEntry) {
        EntryFormat.Header header = EntryFile.headerOrNull(looseEntry);
        return header == null ? Duration.ZERO : Duration.ofNanos(header.computeNanos());
    }

    static synchronized String arguments(CacheInventory.Entry entry) {
        byte[] footprint;
        if (entry.packed()) {
            try {
                footprint = pack(entry).entryAt(entry.packOffset()).footprint();
            } catch (IOException | CorruptEntryException e) {
                return null;
            }
        } else {
            footprint = EntryFile.footprintOrNull(entry.path(), entry.key(),
                    EntryFormat.functionId(entry.path().getParent().getParent()));
        }
        if (footprint == null || footprint.length == 0) {
            return null;
        }
        try {
            return Footprint.argumentsAsJson(footprint);
        } catch (FootprintException e) {
            return null;
        }
    }

    private static Pack pack(CacheInventory.Entry entry) throws IOException, CorruptEntryException {
        if (lastPack == null || !lastPack.path().equals(entry.path())) {
            lastPack = Pack.open(entry.path());
        }
        return lastPack;
    }
}
