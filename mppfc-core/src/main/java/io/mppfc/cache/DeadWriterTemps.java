package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temp files a killed writer left between creating them and their rename. */
final class DeadWriterTemps {

    private static final Logger LOG = LoggerFactory.getLogger(DeadWriterTemps.class);

    private DeadWriterTemps() {
    }

    /** Removes files named {@code prefix*} in the function's directory and in the entry directories of the keys. */
    static int remove(Path directory, String prefix, Collection<CacheKey> keys) {
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(directory);
        directories.add(directory.resolve(io.mppfc.cache.pack.PackSet.DIRECTORY)); // its batch packs
        for (CacheKey key : keys) {
            directories.add(directory.resolve(key.directoryName()));
        }
        int removed = 0;
        for (Path dir : directories) {
            if (!dir.equals(directory) && !realDirectory(directory, dir)) {
                continue; // never list through a link planted in the tree
            }
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, prefix + "*")) {
                for (Path temp : temps) {
                    if (FileGate.deleteFile(temp)) {
                        removed++;
                    }
                }
            } catch (NoSuchFileException e) {
                // the worker never got as far as this directory
            } catch (IOException e) {
                LOG.warn("cannot remove the temp files of a dead worker in {}: {}", ShownText.line(dir),
                        ShownText.line(io.mppfc.files.IoText.describe(e)));
            }
        }
        return removed;
    }

    private static boolean realDirectory(Path directory, Path dir) {
        Path node = directory;
        for (Path name : directory.relativize(dir)) {
            node = node.resolve(name);
            if (!Files.isDirectory(node, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }
}
