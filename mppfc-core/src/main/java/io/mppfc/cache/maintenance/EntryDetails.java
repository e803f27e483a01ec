package io.mppfc.cache.maintenance;

import io.mppfc.FootprintException;
import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code mppfc ls} shows of each entry beyond its file: the computation time and the
 * arguments stored in it. Packed entries come pack by pack, so the last pack opened is kept.
 */
final class EntryDetails {

    private static Pack lastPack;
    /** The packs of {@link #replacementsOf} as listed when a listed pack was found replaced. */
    private static List<Pack> replacements;
    private static Path replacementsOf;

    private EntryDetails() {
    }

    static synchronized Duration computeTime(CacheInventory.Entry entry) {
        if (entry.packed()) {
            try {
                Record r = record(entry);
                return Duration.ofNanos(r.pack().computeNanosAt(r.offset()));
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
                Record r = record(entry);
                footprint = r.pack().entryAt(r.offset()).footprint();
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

    /** A packed record: its pack, mapped, and where in it the record starts. */
    private record Record(Pack pack, long offset) {
    }

    /**
     * The entry's record in the pack it was listed in; or, if that pack was replaced since the
     * listing (a worker folds its batch packs every few milliseconds during a prewarm, {@code
     * pack} and {@code gc} rewrite packs), in the pack that holds its key now.
     *
     * @throws NoSuchFileException if no pack holds it any more (evicted or cleared meanwhile)
     */
    private static Record record(CacheInventory.Entry entry) throws IOException, CorruptEntryException {
        try {
            if (lastPack == null || !lastPack.path().equals(entry.path())) {
                lastPack = Pack.open(entry.path());
            }
            return new Record(lastPack, entry.packOffset());
        } catch (NoSuchFileException replaced) {
            Path function = entry.path().toAbsolutePath().getParent().getParent();
            for (int listing = 0; listing < 2; listing++) {
                if (replacements == null || listing > 0 || !function.equals(replacementsOf)) {
                    replacements = new PackSet(function).packs();
                    replacementsOf = function;
                }
                for (Pack pack : replacements) {
                    long at = pack.find(entry.key());
                    if (at >= 0) {
                        return new Record(pack, at);
                    }
                }
            }
            throw replaced;
        }
    }
}
