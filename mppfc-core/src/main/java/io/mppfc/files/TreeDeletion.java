package io.mppfc.files;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a tree, or one file, relative to directories held open, so that no name is resolved
 * twice: each entry is looked at with {@code fstatat(AT_SYMLINK_NOFOLLOW)} in its open parent,
 * unlinked there with {@code unlinkat} if it is not a directory (a link, FIFO, socket or device
 * is unlinked, never opened), and opened with {@code openat(O_NOFOLLOW)} to be descended if it
 * is one. A directory swapped for a link between the look and the open fails the open, and is
 * then unlinked as the link it has become; what the link points to is never listed. Only Linux
 * is relied on to give a {@link SecureDirectoryStream}; where the platform gives none, deletion
 * is refused with one line rather than done by names.
 */
final class TreeDeletion {

    /** Levels of directories below the top; mppfc's deepest tree (a scratch cache inside a scratch directory) has about a dozen. */
    static final int MAX_DEPTH = 64;

    /** Called with an entry's path after it was seen to be a directory and before it is opened. */
    @FunctionalInterface
    interface BeforeDescent {
        void seen(Path directory) throws IOException;
    }

    private static final BeforeDescent NOTHING = directory -> { };

    private final BeforeDescent beforeDescent;

    private TreeDeletion(BeforeDescent beforeDescent) {
        this.beforeDescent = beforeDescent;
    }

    /** Deletes the tree at {@code top}; nothing there is not an error. */
    static void deleteTree(Path top) throws IOException {
        new TreeDeletion(NOTHING).delete(top);
    }

    /** As {@link #deleteTree}, calling {@code hook} between each directory's look and its open (tests race it). */
    static void deleteTree(Path top, BeforeDescent hook) throws IOException {
        new TreeDeletion(hook).delete(top);
    }

    /**
     * Unlinks the non-directory at {@code path} in its open parent: {@code unlinkat} without
     * {@code AT_REMOVEDIR} cannot remove a directory, even one swapped in after the look.
     */
    static boolean deleteFile(Path path) throws IOException {
        SecureDirectoryStream<Path> open;
        try {
            open = openParent(path);
        } catch (NoSuchFileException e) {
            return false; // no directory, so nothing in it
        }
        try (SecureDirectoryStream<Path> parent = open) {
            Path name = path.getFileName();
            BasicFileAttributes a = attributesOrNull(parent, name);
            if (a == null) {
                return false;
            }
            if (a.isDirectory()) {
                throw new RefusedFileException(path, RefusalKind.DIRECTORY, "only files are deleted here");
            }
            try {
                parent.deleteFile(name);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (FileSystemException e) {
                BasicFileAttributes now = attributesOrNull(parent, name);
                if (now != null && now.isDirectory()) {
                    throw new RefusedFileException(path, RefusalKind.DIRECTORY, "only files are deleted here");
                }
                throw e;
            }
        }
    }

    /**
     * Removes the directory at {@code path} in its open parent if it is empty: {@code unlinkat}
     * with {@code AT_REMOVEDIR} removes nothing but an empty directory, so a file or link put at
     * the name since the caller's look is left, as is a directory that is no longer empty.
     */
    static boolean deleteEmptyDirectory(Path path) throws IOException {
        SecureDirectoryStream<Path> open;
        try {
            open = openParent(path);
        } catch (NoSuchFileException e) {
            return false;
        }
        try (SecureDirectoryStream<Path> parent = open) {
            Path name = path.getFileName();
            try {
                parent.deleteDirectory(name);
                return true;
            } catch (NoSuchFileException | DirectoryNotEmptyException e) {
                return false;
            } catch (FileSystemException e) {
                BasicFileAttributes now = attributesOrNull(parent, name);
                if (now != null && !now.isDirectory()) {
                    return false; // ENOTDIR: a file or link, never removed here
                }
                throw e;
            }
        }
    }

    private void delete(Path top) throws IOException {
        SecureDirectoryStream<Path> open;
        try {
            open = openParent(top);
        } catch (NoSuchFileException e) {
            return;
        }
        try (SecureDirectoryStream<Path> parent = open) {
            deleteEntry(parent, top, top.getFileName(), 0);
        }
    }

    /** Deletes {@code name} in {@code parent}; {@code path} is its full path, for messages only. */
    private void deleteEntry(SecureDirectoryStream<Path> parent, Path path, Path name, int depth) throws IOException {
        BasicFileAttributes a = attributesOrNull(parent, name);
        if (a == null) {
            return; // a concurrent clear or gc removed it first
        }
        if (!a.isDirectory()) {
            unlink(parent, name);
            return;
        }
        if (depth > MAX_DEPTH) {
            throw new RefusedFileException(path, RefusalKind.TOO_DEEP, "over " + MAX_DEPTH
                    + " levels; nothing below this level was deleted: look at it and delete it yourself");
        }
        beforeDescent.seen(path);
        SecureDirectoryStream<Path> dir;
        try {
            dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (FileSystemException e) {
            // O_NOFOLLOW refused a link swapped in since the look: delete the link, never what it points to
            BasicFileAttributes now = attributesOrNull(parent, name);
            if (now == null) {
                return;
            }
            if (now.isDirectory()) {
                throw e;
            }
            unlink(parent, name);
            return;
        }
        try (dir) {
            List<Path> children = new ArrayList<>();
            for (Path child : dir) {
                children.add(child.getFileName());
            }
            for (Path child : children) {
                deleteEntry(dir, path.resolve(child), child, depth + 1);
            }
        }
        try {
            parent.deleteDirectory(name);
        } catch (NoSuchFileException e) {
            // removed meanwhile
        } catch (DirectoryNotEmptyException e) {
            throw new DirectoryNotEmptyException(path.toString());
        }
    }

    private static void unlink(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        try {
            parent.deleteFile(name);
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }

    /** Looks at {@code name} itself in {@code dir} ({@code fstatat} without following a link); null if absent. */
    private static BasicFileAttributes attributesOrNull(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The directory holding {@code path}, open; the path's own ancestors are the caller's (a cache root). */
    private static SecureDirectoryStream<Path> openParent(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw new IOException("refused to delete " + path + ": a file system root is never deleted");
        }
        DirectoryStream<Path> stream = Files.newDirectoryStream(parent);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new IOException("refused to delete " + path + ": this platform's Java cannot delete relative to an open"
                + " directory (no SecureDirectoryStream; Linux has one), so a link swapped in could be followed;"
                + " delete it yourself");
    }
}
