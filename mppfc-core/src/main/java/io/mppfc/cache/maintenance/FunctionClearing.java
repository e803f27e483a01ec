package io.mppfc.cache.maintenance;

import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a function directory as one step seen from outside: it is first renamed inside the root to
 * a dot name ({@value #PREFIX}…), which every listing of the cache skips, and only then deleted. A
 * writer running meanwhile makes its directory again; a clear interrupted halfway leaves a dot
 * directory that the next clear or gc removes, never a function directory without its layout file.
 *
 * @since 0.2
 */
public final class FunctionClearing {

    static final String PREFIX = ".clearing-";

    private FunctionClearing() {
    }

    /**
     * Removes a function directory (one code version) and everything in it.
     *
     * @param functionDirectory a function directory of a cache root
     * @throws IOException saying what failed and what to do
     */
    public static void clear(Path functionDirectory) throws IOException {
        Path root = functionDirectory.getParent();
        Path aside = root.resolve(PREFIX + functionDirectory.getFileName() + "-"
                + Nonces.hex(8));
        try {
            FileGate.rename(functionDirectory, aside, false);
        } catch (NoSuchFileException e) {
            return; // cleared by someone else meanwhile
        } catch (IOException e) {
            throw new IOException("cannot clear " + functionDirectory.getFileName() + ": renaming it aside failed ("
                    + io.mppfc.files.IoText.describe(e) + "); nothing was deleted; check that you may write to " + root, e);
        }
        for (int pass = 1; ; pass++) {
            try {
                deleteTree(aside);
                return;
            } catch (DirectoryNotEmptyException e) {
                if (pass == DELETION_PASSES) {
                    throw deletionFailed(functionDirectory, aside, e);
                }
                // a writer whose path was resolved before the rename adds its file in the tree aside
                // after the walk listed that directory: another pass removes it
            } catch (IOException e) {
                throw deletionFailed(functionDirectory, aside, e);
            }
        }
    }

    /** Passes over the tree renamed aside: a writer racing the rename finishes its one file within the first few. */
    private static final int DELETION_PASSES = 5;

    private static IOException deletionFailed(Path functionDirectory, Path aside, IOException e) {
        return new IOException("cleared " + functionDirectory.getFileName() + ", but deleting its files in " + aside
                + " failed (" + e + "); the cache no longer sees them, and the next mppfc gc removes them", e);
    }

    /**
     * Removes what interrupted clears left in a cache root.
     *
     * @param root a cache root
     * @return how many leftovers were removed
     * @throws IOException if the root cannot be listed or a leftover cannot be deleted
     */
    public static int removeLeftovers(Path root) throws IOException {
        return remove(root, PREFIX + "*");
    }

    /**
     * Also removes what an interrupted {@code gc --keep-code-versions} left ({@code .removing-}…);
     * only under the maintenance lock, which that gc holds while it deletes its own.
     */
    static int removeAllLeftovers(Path root) throws IOException {
        return remove(root, "{" + PREFIX + "*," + OldCodeVersions.TRASH_PREFIX + "*}");
    }

    private static int remove(Path root, String glob) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, glob)) {
            for (Path child : children) {
                BasicFileAttributes a = FileGate.attributesOrNull(child);
                if (a != null && a.isDirectory()) {
                    deleteTree(child);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Never follows a link: a link in the tree is deleted, not what it points to. */
    private static void deleteTree(Path top) throws IOException {
        FileGate.deleteTree(top);
    }
}
