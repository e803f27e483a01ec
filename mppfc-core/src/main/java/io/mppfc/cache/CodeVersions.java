package io.mppfc.cache;

import io.mppfc.cache.entry.LastUse;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The code versions of a function side by side: each has a directory of its own,
 * {@code <function>@<16 hex digits>}, so that a result is never served to other code, old
 * versions are counted and collected whole, and an untracked function ({@code trackCode(false)})
 * keeps the plain {@code <function>} directory it always had.
 *
 * @since 0.2
 */
public final class CodeVersions {

    /** Never produced by a function's directory name, which keeps only {@code [A-Za-z0-9._$-]}. */
    public static final char SEPARATOR = '@';
    /** Touched by every run that opens the version for writing: which version was used last. */
    public static final String LAST_USED = "last-used";
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{16}");

    private CodeVersions() {
    }

    /**
     * Returns the directory name of a function's code version.
     *
     * @param function the function's directory name
     * @param version the code version, or {@code ""} when the code is not tracked
     * @return the directory name of that code version
     */
    public static String directoryName(String function, String version) {
        return version.isEmpty() ? function : function + SEPARATOR + version;
    }

    /**
     * Returns the function a directory belongs to.
     *
     * @param directoryName a function directory's name
     * @return its function's name, without the code version
     */
    public static String function(String directoryName) {
        int at = directoryName.indexOf(SEPARATOR);
        return at < 0 ? directoryName : directoryName.substring(0, at);
    }

    /**
     * Returns the code version a directory holds.
     *
     * @param directoryName a function directory's name
     * @return its code version, or {@code ""} for an untracked one
     */
    public static String version(String directoryName) {
        int at = directoryName.indexOf(SEPARATOR);
        String version = at < 0 ? "" : directoryName.substring(at + 1);
        return VERSION.matcher(version).matches() ? version : "";
    }

    /**
     * Notes that a run uses this version now: a new, empty {@code last-used} file is renamed into
     * place, so its time is stamped by the file system that made it (on NFS, by the server),
     * the same clock for every host, rather than set from this host's clock.
     *
     * @param directory a function directory
     * @throws IOException if the note cannot be written
     */
    public static void recordUse(Path directory) throws IOException {
        Path temp = directory.resolve(DiskCache.TEMP_PREFIX + "last-used-" + Nonces.hex(8));
        Path file = directory.resolve(LAST_USED);
        FileGate.createNew(temp, FilePermissions.file()).close();
        try {
            // whatever was planted under its name (a link, a FIFO) is replaced by the rename, never opened
            FileGate.rename(temp, file, true);
        } catch (IOException e) {
            BasicFileAttributes planted = FileGate.attributesOrNull(file);
            if (planted == null || !planted.isDirectory()) {
                throw e;
            }
            // a directory planted under its name: moved aside, and the note takes its place
            Quarantine.move(directory, file, "cache file", "a directory where last-used belongs");
            FileGate.rename(temp, file, true);
        } finally {
            FileGate.deleteFile(temp);
        }
    }

    /**
     * Returns when a run last used this version. A time in the future (written by a host whose
     * clock runs ahead, or by hand) is not believed: the directory's own time, which the file
     * system sets when the version's files change, stands in for it, and no time is later than now.
     *
     * @param directory a function directory
     * @return when a run last opened it for writing; its own time if none ever said
     * @throws IOException if it cannot be read
     */
    public static Instant lastUsed(Path directory) throws IOException {
        Instant now = Instant.now();
        Path file = directory.resolve(LAST_USED);
        BasicFileAttributes a = FileGate.attributesOrNull(file);
        if (a != null && a.isRegularFile()) {
            Instant noted = a.lastModifiedTime().toInstant();
            if (!noted.isAfter(now)) {
                return noted;
            }
        }
        return LastUse.clamped(FileGate.modified(directory).toInstant(), now);
    }
}
