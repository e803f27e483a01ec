package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
    static final String LAST_USED = "last-used";
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
     * Notes that a run uses this version now.
     *
     * @param directory a function directory
     * @throws IOException if the note cannot be written
     */
    public static void recordUse(Path directory) throws IOException {
        Path file = directory.resolve(LAST_USED);
        for (int attempt = 0; ; attempt++) {
            try {
                FileGate.createNew(file, FilePermissions.file()).close();
                return;
            } catch (FileAlreadyExistsException e) {
                try {
                    FileGate.touch(file, FileTime.from(Instant.now()));
                    return;
                } catch (RefusedFileException refused) {
                    // a FIFO, link or directory planted under its name: never opened (setting a time opens
                    // the file, and opening a FIFO blocks); moved aside, and a real file takes its place
                    if (attempt == 2) {
                        throw refused;
                    }
                    Quarantine.move(directory, file, "last-used is " + refused.kind().description());
                } catch (NoSuchFileException gone) {
                    // removed meanwhile: made again
                }
            }
        }
    }

    /**
     * Returns when a run last used this version.
     *
     * @param directory a function directory
     * @return when a run last opened it for writing; its own time if none ever said
     * @throws IOException if it cannot be read
     */
    public static Instant lastUsed(Path directory) throws IOException {
        Path file = directory.resolve(LAST_USED);
        BasicFileAttributes a = FileGate.attributesOrNull(file);
        if (a != null && a.isRegularFile()) {
            return a.lastModifiedTime().toInstant();
        }
        return FileGate.modified(directory).toInstant();
    }
}
