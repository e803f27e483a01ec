package io.mppfc.cache.maintenance;

import io.mppfc.cache.DiskCache;
import io.mppfc.cache.pack.BatchPacks;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What a packer or collector that died leaves in a packs directory: temp files of packs it was
 * writing, and use tables of packs it had deleted. Removed by the next packer, which holds the
 * {@link MaintenanceLock}, so no other packer is writing.
 */
final class DeadPackerLeftovers {

    private DeadPackerLeftovers() {
    }

    static void remove(Path packsDirectory) throws IOException {
        try (var temps = Files.newDirectoryStream(packsDirectory, DiskCache.TEMP_PREFIX + "*")) {
            for (Path temp : temps) {
                if (!BatchPacks.maybeBeingWritten(temp)) { // a writer publishing a batch takes no lock
                    deleteFile(temp);
                }
            }
        }
        // a packer or collector died between deleting a pack and deleting its use table
        try (var tables = Files.newDirectoryStream(packsDirectory, "pack-*" + PackUse.SUFFIX)) {
            for (Path table : tables) {
                String name = table.getFileName().toString();
                Path pack = table.resolveSibling(name.substring(0, name.length() - PackUse.SUFFIX.length()) + ".mpk");
                if (!Files.exists(pack, LinkOption.NOFOLLOW_LINKS)) {
                    deleteFile(table);
                }
            }
        }
    }

    private static void deleteFile(Path leftover) throws IOException {
        try {
            FileGate.deleteFile(leftover);
        } catch (RefusedFileException e) {
            // a directory under a temp's or a table's name: no packer made it, so it stays
        }
    }
}
