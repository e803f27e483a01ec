package io.mppfc.cli;

import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the user named on the command line (a report, a summary). Unlike the cache's own files it
 * is the user's: their symlink is followed as a shell's {@code >} would, and what exists and is not
 * a regular file (a device, a FIFO, {@code /dev/stdout}) is written through, never replaced.
 */
final class UserOutputFile {

    private static final int MAX_LINKS = 40; // as the kernel's own bound on a chain of links

    private UserOutputFile() {
    }

    /**
     * Writes {@code bytes} as the whole content: a regular file or a new path gets a temp file renamed
     * into place beside the link's target (a full disk leaves the old report, never half of one).
     */
    static void write(Path file, byte[] bytes, String what) {
        Path target = resolve(file, what);
        try {
            BasicFileAttributes a = FileGate.attributesOrNull(target);
            if (a != null && !a.isRegularFile()) {
                writeThrough(target, bytes, what);
                return;
            }
            // an unpredictable name created with CREATE_NEW: a link planted at a guessable temp name in a
            // shared directory would otherwise have the report written (truncating) wherever it points
            Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-"
                    + Nonces.hex(8));
            FileGate.replace(target, temp, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the " + what + " " + file.toAbsolutePath() + ": "
                    + IoProblems.describe(e) + "; choose a writable file", e);
        }
    }

    /** Appends {@code bytes}: to the link's target, created if absent, or through a device or FIFO. */
    static void append(Path file, byte[] bytes, String what) {
        Path target = resolve(file, what);
        try {
            BasicFileAttributes a = FileGate.attributesOrNull(target);
            if (a != null && !a.isRegularFile()) {
                writeThrough(target, bytes, what);
                return;
            }
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append the " + what + " to " + file.toAbsolutePath() + ": "
                    + IoProblems.describe(e) + "; choose a writable file", e);
        }
    }

    /**
     * Refuses, before any work, a file that could not be written at the end: its directory missing,
     * or itself a directory. A prewarm of hours must not end in "cannot write the report". Null: no
     * such file was asked for.
     */
    static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        Path target = resolve(file, option);
        if (Files.isDirectory(target)) {
            throw new UsageException(option + ": " + target + " is a directory; name a file in it");
        }
        Path parent = target.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option + ": the directory of " + target + " does not exist (" + parent
                    + "); create it, or name a file in a directory that exists");
        }
    }

    // APPEND: /dev/stdout redirected with >> to a log must add to the log, not overwrite its start
    private static void writeThrough(Path target, byte[] bytes, String what) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException("it is a directory");
        }
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(bytes);
        }
    }

    /**
     * Follows the user's links to the path that is written. A link into {@code /proc} or {@code /dev}
     * (as {@code /dev/stdout -> /proc/self/fd/1}) ends the walk: that path is opened as given, since its
     * target names a descriptor rather than a place a file could be renamed to.
     */
    private static Path resolve(Path file, String what) {
        Path path = file.toAbsolutePath().normalize();
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            if (!Files.isSymbolicLink(path) || path.startsWith("/proc") || path.startsWith("/dev")) {
                return path;
            }
            try {
                path = path.resolveSibling(Files.readSymbolicLink(path)).normalize();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot follow the link " + path + " for the " + what + ": "
                        + e.getMessage(), e);
            }
        }
        throw new UncheckedIOException(new IOException("the " + what + " path " + file.toAbsolutePath()
                + " is a chain of more than " + MAX_LINKS + " links; name the file itself"));
    }
}
