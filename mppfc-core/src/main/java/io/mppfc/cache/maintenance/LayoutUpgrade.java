package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.CacheLayout;
import io.mppfc.cache.EntryDirectories;
import io.mppfc.files.FileGate;
import io.mppfc.files.Listing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Converts a function directory of layout 1 (mppfc 0.1: {@code <4 hex>/<4 hex>/<57 hex>}) to the
 * current one by renaming each entry file into place: nothing is recomputed, rewritten or copied.
 * Idempotent: an interrupted upgrade is finished by running it again (the layout is recorded last).
 */
final class LayoutUpgrade {

    private static final Pattern FILE = Pattern.compile("[0-9a-f]{57}");

    private LayoutUpgrade() {
    }

    /** @return how many entries were moved */
    static long upgrade(Path function) throws IOException {
        if (CacheLayout.recorded(function) != null || !CacheLayout.holdsLayout1(function)) {
            return 0;
        }
        EntryDirectories directories = new EntryDirectories(function, false, false);
        long moved = 0;
        for (Path level1 : children(function, CacheLayout.LAYOUT_1_LEVEL)) {
            for (Path level2 : children(level1, CacheLayout.LAYOUT_1_LEVEL)) {
                for (Path file : children(level2, FILE)) {
                    long bits = ((long) Integer.parseInt(level1.getFileName().toString(), 16) << 14)
                            | Integer.parseInt(level2.getFileName().toString(), 16);
                    CacheKey key = CacheKey.ofHex(String.format("%07x", bits) + file.getFileName());
                    Path target = key.entryIn(function);
                    directories.prepare(target.getParent());
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    moved++;
                }
                removeIfEmpty(level2);
            }
            removeIfEmpty(level1);
        }
        CacheLayout.record(function);
        return moved;
    }

    /** Never through a link: a planted one is left where it is. */
    private static List<Path> children(Path dir, Pattern names) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path child : Listing.list(dir, names)) {
            if (!Files.isSymbolicLink(child)) {
                found.add(child);
            }
        }
        return found;
    }

    /** A temp file of an old writer, or something of the user's, in it or put at its name: left where it is. */
    private static void removeIfEmpty(Path dir) throws IOException {
        FileGate.deleteEmptyDirectory(dir);
    }
}
