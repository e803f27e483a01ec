package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;

/**
 * How a directory is known to be mppfc's, so that nothing that deletes or rewrites files is ever
 * pointed at a user's own directory ({@code mppfc clear --cache . --function src}).
 *
 * <p>A cache root holds {@code .mppfc-cache}, whose first line is {@code mppfc cache root 1},
 * written when mppfc first writes a function's directory there. A function directory is known by
 * its {@code layout} file ({@link CacheLayout}), which every mppfc since 0.2 writes first: a second
 * marker would say nothing more. A root written before the marker existed is known by such a
 * function directory, and is marked on its first write. {@code CACHEDIR.TAG} is written only on
 * request ({@link #tagForBackupTools}): backup tools skip directories tagged so, and a week of
 * results is usually worth a backup.
 *
 * @since 0.3
 */
public final class CacheMarker {

    /** The root's marker file. */
    public static final String FILE = ".mppfc-cache";
    /** The Cache Directory Tagging Specification's file. */
    public static final String CACHEDIR_TAG = "CACHEDIR.TAG";

    static final int VERSION = 1;
    private static final Pattern FIRST_LINE = Pattern.compile("mppfc cache root (\\d{1,9})");
    private static final int MAX_BYTES = 4096;
    private static final String TEXT = "mppfc cache root " + VERSION + "\n"
            + "Results cached by mppfc (a multi-process persistent function cache). mppfc gc, pack, verify,\n"
            + "upgrade and clear change only directories that hold this file; delete the directory to drop them.\n";
    private static final String TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n"
            + "# This file is a cache directory tag created by mppfc (cacheDirTag(true) or --cachedir-tag).\n"
            + "# For information about cache directory tags, see https://bford.info/cachedir/\n";

    private CacheMarker() {
    }

    /**
     * Whether {@code root} is a cache root: it holds the marker, or (written by mppfc before 0.3)
     * a function directory with a layout file. Reads only; follows no link inside it.
     *
     * @param root a directory, or a link to one
     * @return whether it is a cache root
     * @throws IOException if it cannot be read, or its marker is not mppfc's
     */
    public static boolean isRoot(Path root) throws IOException {
        // the root itself may be a link (.cache -> /scratch/me/cache), as for the program that wrote it: refused,
        // its commands failed and its writers' folds failed silently, leaving batch packs to pile up
        if (!Files.isDirectory(root)) {
            return false;
        }
        if (marked(root)) {
            return true;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            for (Path child : children) {
                if (!child.getFileName().toString().startsWith(".") && isFunctionDirectory(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refuses a directory that is not a cache root, saying why and what to do.
     *
     * @param root the directory a command was given
     * @throws NotACacheException if it is not a cache root
     * @throws IOException if it cannot be read
     */
    public static void requireRoot(Path root) throws IOException {
        if (!isRoot(root)) {
            throw new NotACacheException(root.toAbsolutePath() + " is not an mppfc cache (it holds no " + FILE
                    + " file and no function directory with a layout file); name the directory your program's "
                    + "path(...) gives (by default .cache)");
        }
    }

    /**
     * Whether {@code dir} is a function directory: a real directory with a {@code layout} file that is
     * an mppfc layout record (of any layout), or
     * one in the layout of mppfc 0.1 (which wrote none).
     *
     * @param dir a directory
     * @return whether it is a function directory
     * @throws IOException if it cannot be read
     */
    public static boolean isFunctionDirectory(Path dir) throws IOException {
        // a user's directory with notes in a file called layout is not ours: cache-wide commands skip it
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                && (Files.exists(dir.resolve(CacheLayout.FILE), LinkOption.NOFOLLOW_LINKS)
                        ? CacheLayout.isRecord(dir) : CacheLayout.holdsLayout1(dir));
    }

    /**
     * Writes the marker into a cache root that has none; whole, and renamed into place, so that
     * processes marking one root at once all agree. Leaves whatever is already there.
     *
     * @param root the cache root
     * @throws IOException if it cannot be written
     */
    public static void markRoot(Path root) throws IOException {
        if (root != null && !Files.exists(root.resolve(FILE), LinkOption.NOFOLLOW_LINKS)) {
            writeWhole(root, FILE, TEXT);
        }
    }

    /**
     * As {@link #markRoot}, for a writer of entries: a root it may not write to (a shared root
     * whose function directories are writable) stays unmarked, and is still known as a cache by
     * its function directories' layout files.
     */
    static void markRootIfPossible(Path root) {
        try {
            markRoot(root);
        } catch (IOException e) {
            // known by its layout files instead
        }
    }

    /**
     * Also writes {@code CACHEDIR.TAG}, for caches cheap to recompute: backup and archiving tools
     * that honour the tag skip the whole cache.
     *
     * @param root the cache root
     * @throws IOException if it cannot be written
     */
    public static void tagForBackupTools(Path root) throws IOException {
        if (!Files.exists(root.resolve(CACHEDIR_TAG), LinkOption.NOFOLLOW_LINKS)) {
            writeWhole(root, CACHEDIR_TAG, TAG_TEXT);
        }
    }

    /** Whether the root holds the marker; a file of that name that is not mppfc's is refused, never overwritten. */
    private static boolean marked(Path root) throws IOException {
        Path file = root.resolve(FILE);
        BasicFileAttributes a = FileGate.attributesOrNull(file);
        if (a == null) {
            return false;
        }
        if (!a.isRegularFile() || a.size() > MAX_BYTES) {
            throw notOurs(file);
        }
        String first;
        try {
            first = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(FileGate.readBounded(file, MAX_BYTES)))
                    .toString().lines().findFirst().orElse("");
        } catch (NoSuchFileException e) {
            return false;
        } catch (RefusedFileException e) {
            throw notOurs(file); // replaced since the look
        } catch (java.nio.charset.CharacterCodingException e) {
            first = "";
        }
        if (!FIRST_LINE.matcher(first.strip()).matches()) {
            throw new NotACacheException(file.toAbsolutePath() + " is not mppfc's marker (its first line is not \"mppfc "
                    + "cache root N\"); this directory is not an mppfc cache");
        }
        return true;
    }

    private static NotACacheException notOurs(Path file) {
        return new NotACacheException(file.toAbsolutePath() + " is not mppfc's marker (not a small regular file); "
                + "this directory is not an mppfc cache");
    }

    private static void writeWhole(Path root, String name, String text) throws IOException {
        Path dir = root.toRealPath(); // the root may be a link; the gate writes only in a real directory
        Path temp = dir.resolve(DiskCache.TEMP_PREFIX + name.replace(".", "") + "-" + Nonces.hex(8));
        try {
            // owner-only, or 0660 in a team's root: every member reads the marker whatever their umask
            FileGate.writeNew(temp, text.getBytes(StandardCharsets.US_ASCII), FilePermissions.file());
            FileGate.rename(temp, dir.resolve(name), false);
        } catch (FileAlreadyExistsException e) {
            // another process marked it meanwhile
        } finally {
            FileGate.deleteFile(temp);
        }
    }
}
