package io.mppfc.cache;

import io.mppfc.files.GroupMode;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The permissions of what the cache creates, where the file system has POSIX permissions:
 * owner-only, or, in a cache shared with its group, the group's ({@link GroupMode}).
 */
public final class FilePermissions {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE = GroupMode.cacheFile();

    private FilePermissions() {
    }

    /**
     * Why others can write to {@code dir} ("group-writable", "world-writable"), or null if they cannot.
     * Group-writable is fine in a cache shared with its group ({@code sharedGid}, or -1 if it is
     * not), for a directory of that group.
     */
    static String writableByOthers(Path dir, int sharedGid) throws IOException {
        if (!POSIX) {
            return null;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        boolean group = p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
        boolean world = p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        if ((group || world) && Files.getAttribute(dir, "unix:mode") instanceof Integer mode && (mode & 01000) != 0) {
            return null; // sticky, like /tmp: others cannot rename or delete what is ours
        }
        if (world) {
            return "world-writable";
        }
        if (group && sharedGid >= 0) {
            return Files.getAttribute(dir, "unix:gid") instanceof Integer gid && gid == sharedGid ? null
                    : "writable by a group other than the cache root's";
        }
        return group ? "group-writable" : null;
    }

    /**
     * Whether others could plant entries in {@code dir}: refused when strict, else the warning to
     * log (null when the directory is fine). In a cache shared with its group ({@code sharedGid}
     * is the root's group id, else -1) the group is no other.
     */
    static String othersCanWrite(Path dir, int sharedGid, boolean strict) throws IOException {
        String problem = writableByOthers(dir, sharedGid);
        if (problem == null) {
            return null;
        }
        String message = "the cache directory " + dir + " is " + problem + ", so others could plant entries; "
                + (sharedGid >= 0 ? "run chmod o-w " + dir + " and chgrp it to the cache root's group"
                        : "run chmod go-w " + dir);
        if (strict) {
            throw new java.nio.file.AccessDeniedException(dir.toString(), null, message + " (strictPermissions is on)");
        }
        return message;
    }

    /** The group id of a cache root shared with its group, else -1 (also where permissions cannot say). */
    static int sharedGroupOf(Path root) {
        try {
            return root == null ? -1 : GroupMode.sharedGroupId(root);
        } catch (IOException | RuntimeException e) {
            return -1; // judged as owner-only: group-writable is then reported, never silently allowed
        }
    }

    /**
     * Owner-only attributes for a directory. A directory of the cache is made with
     * {@link #createDirectory}, which gives it a team's mode in a team's cache.
     *
     * @return the attributes
     */
    public static FileAttribute<?>[] directory() {
        return DIRECTORY.clone();
    }

    /**
     * The permissions of a new cache file: owner-only, or the group's in a directory shared with
     * its group, when {@link io.mppfc.files.FileGate} creates it.
     *
     * @return the attributes to create it with
     */
    public static FileAttribute<?>[] file() {
        return FILE.clone();
    }

    /**
     * Makes a directory of the cache (never through a link at its name): owner-only, or the
     * group's in a directory shared with its group.
     *
     * @param dir the directory to make
     * @throws IOException if it cannot be made, or something is at its name
     */
    public static void createDirectory(Path dir) throws IOException {
        GroupMode.createDirectory(dir);
    }

    /**
     * Creates a function's directory as {@link #createDirectory} does, and its missing parents
     * (the cache root among them) owner-only: a root is a team's only when made so
     * ({@link GroupMode#prepareRoot}), never because its parent is shared. Existing ones are left
     * as they are.
     */
    static void createDirectories(Path dir) throws IOException {
        createWithParents(dir, GroupMode::createDirectory);
    }

    private static void createOwnerOnly(Path dir) throws IOException {
        createWithParents(dir, d -> Files.createDirectory(d, DIRECTORY));
    }

    /** How the last directory of a path is made. */
    @FunctionalInterface
    private interface DirectoryMaker {
        void make(Path dir) throws IOException;
    }

    /** Makes {@code dir} with {@code maker}, after its missing parents, owner-only; an existing one is left as it is. */
    private static void createWithParents(Path dir, DirectoryMaker maker) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createOwnerOnly(parent);
        }
        try {
            maker.make(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw notADirectory(dir);
            }
        }
    }

    /** What is in a directory's place, said so ("already exists" was all a dangling link of a root got). */
    private static java.nio.file.FileSystemException notADirectory(Path dir) {
        String what;
        try {
            what = Files.isSymbolicLink(dir) ? "a link to " + Files.readSymbolicLink(dir)
                    + ", which does not exist (create that directory, or remove the link)"
                    : Files.isRegularFile(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "a file, not a directory"
                    : "not a directory";
        } catch (IOException e) {
            what = "not a directory";
        }
        return new java.nio.file.FileSystemException(dir.toString(), null, what);
    }
}
