package io.mppfc.cache;

import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one function directory has yet to upload to its shared store: an empty file per object in
 * {@code <function>/.shared-pending/}, made when the upload is queued and removed when it is done
 * (or can never be). A program that exits before its uploads are done (killed, or past the
 * bounded wait at exit), or whose store was unavailable, leaves them; the next run with a shared
 * store queues them again. A marker is a name, never data: a planted one only makes a run upload
 * the checked local entry of that key, if there is one.
 */
final class PendingUploads {

    static final String DIRECTORY = ".shared-pending";
    /** The suffix of an entry's marker, after its key's hex; never an entry's name. */
    static final String ENTRY = ".entry";
    /** The suffix of a failure record's marker. */
    static final String FAILURE = ".failure";
    /** What a run queues again at most: more waits for the next run, or {@code mppfc push}. */
    static final int RESUMED = SharedUploads.QUEUE / 2;
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.(entry|failure)");

    private final Path directory;

    PendingUploads(Path functionDirectory) {
        this.directory = functionDirectory.resolve(DIRECTORY);
    }

    /**
     * Best effort: without its marker an upload is only not resumed by a later run. Never
     * through a link: a link (or file) planted at {@code .shared-pending} means no markers.
     */
    void add(String name) {
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    FilePermissions.createDirectory(directory); // mkdir: never through a link; a team's mode in a team's cache
                } catch (FileAlreadyExistsException e) {
                    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                        return;
                    }
                }
            }
            io.mppfc.files.FileGate.createNew(directory.resolve(name), FilePermissions.file()).close();
        } catch (FileAlreadyExistsException e) {
            // queued before, and not done yet
        } catch (IOException e) {
            // a read-only or full disk, or the function directory removed: the upload is still queued
        }
    }

    void remove(String name) {
        try {
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                FileGate.deleteFile(directory.resolve(name));
            }
        } catch (IOException e) {
            // the next run uploads it once more: an upload replaces an object with the same bytes
        }
    }

    /** The markers an earlier run left, at most {@link #RESUMED}. */
    List<String> left() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (NAME.matcher(name).matches()) {
                    names.add(name);
                    if (names.size() == RESUMED) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // unreadable: nothing is resumed, mppfc push still uploads what the store lacks
        }
        return names;
    }
}
