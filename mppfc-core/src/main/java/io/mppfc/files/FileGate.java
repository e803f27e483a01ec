package io.mppfc.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;

/**
 * The one place mppfc opens, creates, renames, times and deletes the files of a cache. It never
 * follows a link, never opens what is not a regular file, never allocates more than a file of
 * the kind may hold, creates only with {@code CREATE_NEW} in a real directory, and says what it
 * refused with a {@link RefusedFileException} naming the path and a {@link RefusalKind}.
 *
 * <p>The type is checked by an {@code lstat} before the file is opened with
 * {@code O_NOFOLLOW}: Java 17 cannot open with {@code O_NONBLOCK}, so a FIFO renamed over a
 * checked file in the microseconds between the two calls would block the open until someone
 * writes to it. Using that takes write access to the directory (which can already delete every
 * entry) and winning a race of two system calls; a link swapped in meanwhile is refused by
 * {@code O_NOFOLLOW} itself. docs/DESIGN.md ("One gate for every file") has the details and the
 * {@code openat2} step that closes the window.
 *
 * @since 0.3
 */
public final class FileGate {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private FileGate() {
    }

    /**
     * An open regular file and what {@code lstat} said of it just before it was opened.
     *
     * @param channel the file, open for reading
     * @param attributes its type, size, time and identity as the check saw them
     */
    public record Opened(FileChannel channel, BasicFileAttributes attributes) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * What is at {@code path} itself (a link is described, not followed).
     *
     * @param path a path
     * @return its attributes, or null if nothing is there
     * @throws IOException if it cannot be looked at
     */
    public static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        return RegularFiles.attributesOrNull(path);
    }

    /**
     * The attributes of the regular file at {@code path}, refusing anything else.
     *
     * @param path a path
     * @return its attributes
     * @throws NoSuchFileException if nothing is there
     * @throws RefusedFileException if it is a link, a directory or a special file
     * @throws IOException if it cannot be looked at
     */
    public static BasicFileAttributes regularFile(Path path) throws IOException {
        return RegularFiles.regularFile(path);
    }

    /**
     * Refuses whatever is not a regular file.
     *
     * @param path where the attributes were read
     * @param a its attributes, read without following links
     * @throws RefusedFileException if it is not a regular file
     */
    public static void requireRegular(Path path, BasicFileAttributes a) throws RefusedFileException {
        RegularFiles.requireRegular(path, a);
    }

    /**
     * Why attributes that are not a regular file's are refused.
     *
     * @param a attributes read without following links
     * @return the kind of refusal they earn
     */
    public static RefusalKind kindOf(BasicFileAttributes a) {
        return RegularFiles.kindOf(a);
    }

    /**
     * Opens the regular file at {@code path} for reading: one {@code lstat}, one open.
     *
     * @param path a path
     * @return the open file and its attributes
     * @throws NoSuchFileException if nothing is there
     * @throws RefusedFileException if it is not a regular file (nothing is opened)
     * @throws IOException if it cannot be opened
     */
    public static Opened openRead(Path path) throws IOException {
        return RegularFiles.openRead(path);
    }

    /**
     * Opens the regular file at {@code path} for reading, refusing one over {@code maxBytes}.
     *
     * @param path a path
     * @param maxBytes the largest file of this kind mppfc writes
     * @return the open file and its attributes
     * @throws RefusedFileException if it is not a regular file, or is larger
     * @throws IOException as {@link #openRead(Path)}
     */
    public static Opened openRead(Path path, long maxBytes) throws IOException {
        return RegularFiles.openRead(path, maxBytes);
    }

    /**
     * Opens the regular file at {@code path} for reading and writing in place (a table mapped
     * for writing, a lock taken exclusively): one {@code lstat}, one open, never creating it.
     *
     * @param path a path
     * @return the open file and its attributes
     * @throws NoSuchFileException if nothing is there
     * @throws RefusedFileException if it is not a regular file (nothing is opened)
     * @throws IOException if it cannot be opened
     */
    public static Opened openReadWrite(Path path) throws IOException {
        return RegularFiles.openReadWrite(path);
    }

    /**
     * The whole regular file at {@code path}, refusing one over {@code maxBytes} before anything
     * is allocated for it.
     *
     * @param path a path
     * @param maxBytes the largest file of this kind mppfc writes (at most 2 GiB - 2)
     * @return its bytes
     * @throws RefusedFileException if it is not a regular file, or is (or has grown) larger
     * @throws IOException as {@link #openRead(Path)}
     */
    public static byte[] readBounded(Path path, long maxBytes) throws IOException {
        return RegularFiles.readBounded(path, maxBytes);
    }

    /**
     * Creates a new file with {@code CREATE_NEW} (which never follows a link in its place) in a
     * directory that is checked to be a real one.
     *
     * @param path the file to create
     * @param attributes its permissions ({@link GroupMode#CACHE_FILE}: owner-only, or the group's
     *     in a directory shared with its group)
     * @return it, open for writing (and reading, to map it)
     * @throws FileAlreadyExistsException if anything is at {@code path}
     * @throws RefusedFileException if its directory is not a real directory
     * @throws IOException if it cannot be created
     */
    public static FileChannel createNew(Path path, FileAttribute<?>... attributes) throws IOException {
        return NewFiles.createNew(path, attributes);
    }

    /**
     * Looks at a directory once, without following a link: what a writer that creates many files
     * in it checks before each one, in place of the look {@link #createNew} makes.
     *
     * @param path a path
     * @return the real directory there, or null if nothing is there or it is not a real directory
     *     (a link to one included)
     * @throws IOException if it cannot be looked at
     */
    public static RealDirectory realDirectoryOrNull(Path path) throws IOException {
        return GroupMode.realDirectoryOrNull(path, false);
    }

    /**
     * As {@link #realDirectoryOrNull(Path)}, told whether the directory is likely shared with its
     * group (in a team's cache): then its one look reads the {@code unix} view, which shows the
     * setgid bit; otherwise the cheaper POSIX view, and a second look only if the directory turns
     * out group-writable. Either way the same directory is found, with the same mode.
     *
     * @param path a path
     * @param sharedLikely whether the directory is likely a team's
     * @return the real directory there, or null as the other overload
     * @throws IOException if it cannot be looked at
     */
    public static RealDirectory realDirectoryOrNull(Path path, boolean sharedLikely) throws IOException {
        return GroupMode.realDirectoryOrNull(path, sharedLikely);
    }

    /**
     * Creates a new file with {@code CREATE_NEW} in a directory that {@link #realDirectoryOrNull}
     * has just found real: as {@link #createNew}, without looking at the directory again.
     *
     * @param directory the checked directory
     * @param name the new file's name in it
     * @param attributes its permissions ({@link GroupMode#CACHE_FILE}: from the directory's mode)
     * @return it, open for writing (and reading, to map it)
     * @throws FileAlreadyExistsException if anything is at its name
     * @throws IOException if it cannot be created (the directory was removed meanwhile, say)
     */
    public static FileChannel createNewIn(RealDirectory directory, String name, FileAttribute<?>... attributes)
            throws IOException {
        return NewFiles.createNewIn(directory, name, attributes);
    }

    /**
     * Creates a new file holding {@code bytes}, as {@link #createNew}.
     *
     * @param path the file to create
     * @param bytes what it holds
     * @param attributes its permissions
     * @throws IOException as {@link #createNew}
     */
    public static void writeNew(Path path, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        NewFiles.writeNew(path, bytes, attributes);
    }

    /**
     * Copies the regular file at {@code from} to a new file at {@code to}: a link, FIFO or device
     * at {@code from} is refused (a FIFO would block the copy), and nothing is written through a
     * link at {@code to}.
     *
     * @param from the file to copy
     * @param to the new file
     * @param maxBytes the largest file of this kind mppfc writes
     * @param attributes the new file's permissions
     * @throws RefusedFileException if {@code from} is not a regular file or is larger
     * @throws IOException as {@link #createNew}, or if it cannot be read
     */
    public static void copyNew(Path from, Path to, long maxBytes, FileAttribute<?>... attributes) throws IOException {
        NewFiles.copyNew(from, to, maxBytes, attributes);
    }

    /**
     * Writes {@code bytes} to a new temp file beside {@code target} and renames it into place:
     * a reader sees the old file or the new one, never a part, and nothing is written through a
     * link at either name.
     *
     * @param target where the file belongs
     * @param temp the temp file's path (in the same directory, unpredictable, not yet there)
     * @param bytes what it holds
     * @param attributes its permissions
     * @throws IOException as {@link #createNew}, or if it cannot be renamed
     */
    public static void replace(Path target, Path temp, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        NewFiles.replace(target, temp, bytes, attributes);
    }

    /**
     * Opens (creating it if absent) a lock file for writing: a regular file only, never through a
     * link, never a FIFO (whose open for writing blocks until a reader comes).
     *
     * @param path the lock file
     * @param attributes permissions, if it is created
     * @return it, open for writing
     * @throws RefusedFileException if something else is there (a link, dangling or not, a FIFO, a directory)
     * @throws IOException if it cannot be opened or created
     */
    public static FileChannel openLock(Path path, FileAttribute<?>... attributes) throws IOException {
        return NewFiles.openLock(path, attributes);
    }

    /**
     * Sets the modification time of the regular file at {@code path}. Java sets times by
     * opening the file, so a FIFO is refused first: opening it would block.
     *
     * @param path a path
     * @param time the new modification time
     * @throws NoSuchFileException if nothing is there
     * @throws RefusedFileException if it is not a regular file
     * @throws IOException if the time cannot be set
     */
    public static void touch(Path path, FileTime time) throws IOException {
        regularFile(path);
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(time, null, null);
    }

    /**
     * The modification time of what is at {@code path} itself.
     *
     * @param path a path
     * @return its modification time (a link's own)
     * @throws IOException if nothing is there or it cannot be looked at
     */
    public static FileTime modified(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW).lastModifiedTime();
    }

    /**
     * Renames atomically. A rename acts on the names, never on what a link points to, so it is
     * safe for whatever is at {@code from} (which is how damage is moved aside).
     *
     * @param from what to move
     * @param to where (in the same file system)
     * @param replace whether whatever is at {@code to} is replaced
     * @throws IOException if it cannot be moved
     */
    public static void rename(Path from, Path to, boolean replace) throws IOException {
        if (replace) {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Deletes the file (or link, FIFO, socket) at {@code path}, never a directory (not even one
     * swapped in after the look) and never what a link points to: it is unlinked relative to its
     * open parent directory.
     *
     * @param path a path
     * @return whether something was deleted
     * @throws RefusedFileException if it is a directory
     * @throws IOException if it cannot be deleted, or the platform cannot delete relative to an
     *     open directory (Linux can)
     */
    public static boolean deleteFile(Path path) throws IOException {
        return TreeDeletion.deleteFile(path);
    }

    /**
     * Removes the directory at {@code path} if it is empty, relative to its open parent directory:
     * a file or link at the name (one swapped in after the caller looked included) is left, never
     * unlinked, and so is a directory that holds anything.
     *
     * @param path a path
     * @return whether an empty directory was removed
     * @throws IOException if it cannot be removed, or the platform cannot delete relative to an
     *     open directory (Linux can)
     */
    public static boolean deleteEmptyDirectory(Path path) throws IOException {
        return TreeDeletion.deleteEmptyDirectory(path);
    }

    /**
     * Deletes the tree at {@code path} (or the file or link there) relative to directories held
     * open, so that no name is resolved twice: a link is deleted as a link, never followed, not
     * even one swapped in for a directory while the tree is deleted; a FIFO, socket or device is
     * unlinked, never opened. Nothing there is not an error.
     *
     * @param path the tree's top
     * @throws RefusedFileException if the tree is deeper than any mppfc makes (what lies below
     *     the bound is left)
     * @throws IOException if something cannot be deleted, or the platform cannot delete relative
     *     to an open directory (Linux can)
     */
    public static void deleteTree(Path path) throws IOException {
        TreeDeletion.deleteTree(path);
    }

    /**
     * Refuses anything but a real directory (a link to one included).
     *
     * @param path a path
     * @throws NoSuchFileException if nothing is there
     * @throws RefusedFileException if it is not a real directory
     * @throws IOException if it cannot be looked at
     */
    public static void requireDirectory(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        if (!a.isDirectory()) {
            throw new RefusedFileException(path, RefusalKind.NOT_A_DIRECTORY,
                    a.isSymbolicLink() ? "a symbolic link is never followed" : "a directory belongs here");
        }
    }

    /**
     * Flushes a directory's entries (a rename into it) to disk: opened without following a link,
     * and only if it is a real directory (a FIFO swapped in would block the open).
     *
     * @param directory a directory
     * @throws RefusedFileException if it is not a real directory
     * @throws IOException if it cannot be flushed
     */
    public static void syncDirectory(Path directory) throws IOException {
        requireDirectory(directory);
        try (FileChannel d = RegularFiles.open(directory, RegularFiles.READ)) {
            d.force(true);
        }
    }
}
