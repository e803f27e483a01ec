package io.mppfc.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The modes of what mppfc creates in a cache: owner-only (directories 0700, files 0600), or, in
 * a directory shared with its group, the group's (directories 2770, files 0660).
 *
 * <p>A directory is shared with its group when it is setgid and group-writable. A cache root
 * made for a team ({@code sharedWithGroup}) is made so, and so is every directory mppfc makes
 * below it: the directory is the record of the mode. Every writer (a program, a worker, the
 * command line, on any host) creates what it creates from the mode of the directory it creates
 * it in, which the {@code lstat} that checks that directory reads anyway; no flag has to be
 * passed on, and a cache made owner-only becomes a team's with {@code chgrp} and {@code chmod}
 * alone. The group modes are set explicitly after creation, so a umask (077, say) cannot narrow
 * them; the setgid bit gives each new file and directory the directory's group.
 *
 * @since 0.4
 */
public final class GroupMode {

    /** Whether the default file system has the {@code unix} view, whose {@code mode} shows the setgid bit. */
    static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final int TYPE = 0170000;
    private static final int DIRECTORY_TYPE = 0040000;
    private static final int LINK_TYPE = 0120000;
    private static final int SETGID = 02000;
    private static final int GROUP_WRITE = 0020;
    /** A directory of a team's cache: setgid, and the group's as much as the owner's. */
    public static final int DIRECTORY = 02770;
    /** A file of a team's cache: the group reads, replaces and locks it as the owner does. */
    public static final int FILE = 0660;

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> GROUP_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwx---"));
    private static final FileAttribute<Set<PosixFilePermission>> GROUP_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----"));

    /**
     * The permissions of a file of the cache: owner-only, or the group's when {@link FileGate}
     * creates it in a directory shared with its group. Anything else given to the gate is used as given.
     */
    public static final FileAttribute<Set<PosixFilePermission>> CACHE_FILE = new CacheFile();

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private GroupMode() {
    }

    /**
     * The attributes to create a cache file with: {@link #CACHE_FILE}, or none where the file
     * system has no POSIX permissions.
     *
     * @return a new array
     */
    public static FileAttribute<?>[] cacheFile() {
        return POSIX ? new FileAttribute<?>[] {CACHE_FILE} : new FileAttribute<?>[0];
    }

    /** Owner-only, as a plain attribute: what the JDK applies when it is not the gate that creates. */
    private static final class CacheFile implements FileAttribute<Set<PosixFilePermission>> {
        private static final Set<PosixFilePermission> OWNER = PosixFilePermissions.fromString("rw-------");

        @Override
        public String name() {
            return "posix:permissions";
        }

        @Override
        public Set<PosixFilePermission> value() {
            return OWNER;
        }
    }

    /**
     * Whether a directory's mode shares it with its group: setgid and group-writable.
     *
     * @param mode a {@code unix:mode}
     * @return whether what is created in it is the group's
     */
    public static boolean sharedWithGroup(int mode) {
        return (mode & TYPE) == DIRECTORY_TYPE && (mode & SETGID) != 0 && (mode & GROUP_WRITE) != 0;
    }

    /**
     * The group id of a directory shared with its group (following a link: a cache root may be one).
     *
     * @param directory a directory
     * @return its group id, or -1 if it is not shared with its group (or the file system cannot say)
     * @throws IOException if it cannot be looked at
     */
    public static int sharedGroupId(Path directory) throws IOException {
        if (!UNIX) {
            return -1;
        }
        java.util.Map<String, Object> a = Files.readAttributes(directory, "unix:mode,gid");
        return sharedWithGroup((Integer) a.get("mode")) ? (Integer) a.get("gid") : -1;
    }

    /**
     * Makes a directory (mkdir: never through a link at its name): 2770 in a directory shared with
     * its group, else 0700.
     *
     * @param directory the directory to make
     * @throws java.nio.file.FileAlreadyExistsException if anything is at its name
     * @throws IOException if it cannot be made
     */
    public static void createDirectory(Path directory) throws IOException {
        if (!UNIX) {
            if (POSIX) {
                Files.createDirectory(directory, OWNER_DIRECTORY);
            } else {
                Files.createDirectory(directory);
            }
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        boolean group = parent != null && sharedGroupId(parent) >= 0;
        Files.createDirectory(directory, group ? GROUP_DIRECTORY : OWNER_DIRECTORY);
        if (group) {
            settle(directory, DIRECTORY);
        }
    }

    /**
     * Creates a file as {@link FileGate} does, in the group's mode if {@code attributes} ask for
     * {@link #CACHE_FILE} and its directory is shared with its group.
     *
     * @param realDirectory whether the file's directory must be a real one (else a link to one is followed)
     */
    static FileChannel create(Path path, Set<OpenOption> options, FileAttribute<?>[] attributes,
            boolean realDirectory) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (!UNIX || !asksForCacheMode(attributes)) {
            if (realDirectory) {
                FileGate.requireDirectory(parent);
            }
            return FileChannel.open(path, options, attributes);
        }
        int mode = realDirectory ? realDirectoryMode(parent) : (Integer) Files.getAttribute(parent, "unix:mode");
        return createWithMode(path, options, attributes, mode);
    }

    /** Creates a file as {@link #create} does, in a directory just checked: its mode as that look saw it. */
    static FileChannel createIn(RealDirectory directory, Path path, Set<OpenOption> options,
            FileAttribute<?>[] attributes) throws IOException {
        if (!UNIX || !asksForCacheMode(attributes)) {
            return FileChannel.open(path, options, attributes);
        }
        return createWithMode(path, options, attributes, directory.mode());
    }

    private static FileChannel createWithMode(Path path, Set<OpenOption> options, FileAttribute<?>[] attributes,
            int mode) throws IOException {
        if (!sharedWithGroup(mode)) {
            return FileChannel.open(path, options, attributes);
        }
        FileChannel channel = FileChannel.open(path, options, GROUP_FILE);
        try {
            settle(path, FILE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return channel;
    }

    private static boolean asksForCacheMode(FileAttribute<?>[] attributes) {
        for (FileAttribute<?> a : attributes) {
            if (a == CACHE_FILE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The real directory at {@code path}, by one {@code lstat} that reads its type, permissions
     * and identity; null if nothing is there or it is anything else. Only the {@code unix} view
     * shows the setgid bit, which decides whether a directory is shared with its group, and its
     * attribute map costs a write more than the cheaper POSIX view (docs/DESIGN.md, "The
     * in-process miss at 10k, 100k and 1M"): so the {@code unix} view is read where a team's
     * directory is likely, else the POSIX view, and the {@code unix} view after it only for a
     * directory that turns out group-writable.
     */
    static RealDirectory realDirectoryOrNull(Path path, boolean sharedLikely) throws IOException {
        if (!UNIX) {
            BasicFileAttributes a = RegularFiles.attributesOrNull(path);
            return a == null || !a.isDirectory() ? null : new RealDirectory(path, -1, a.fileKey());
        }
        if (sharedLikely) {
            return unixLook(path, null);
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (!a.isDirectory()) {
            return null; // not followed: a link reads as a link
        }
        int mode = DIRECTORY_TYPE | permissionBits(a.permissions());
        return (mode & GROUP_WRITE) == 0 ? new RealDirectory(path, mode, a.fileKey()) : unixLook(path, a.fileKey());
    }

    /** The real directory at {@code path} by the {@code unix} view; its identity that of an earlier look if given. */
    private static RealDirectory unixLook(Path path, Object identity) throws IOException {
        java.util.Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,dev,ino", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        int mode = (Integer) a.get("mode");
        if ((mode & TYPE) != DIRECTORY_TYPE) {
            return null; // a link, or swapped for one since the first look
        }
        return new RealDirectory(path, mode, identity != null ? identity : new Identity((Long) a.get("dev"),
                (Long) a.get("ino")));
    }

    /** A directory's device and inode, as the {@code unix} view reads them: the same pair is the same directory. */
    private record Identity(long device, long inode) {
    }

    /** The permission bits of a mode (0777 at most), from the POSIX view's set. */
    private static int permissionBits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >>> p.ordinal(); // OWNER_READ first, OTHERS_EXECUTE last
        }
        return bits;
    }

    /** The mode of a directory that must be a real one, refused as {@link FileGate#requireDirectory} refuses. */
    private static int realDirectoryMode(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & TYPE) != DIRECTORY_TYPE) {
            throw new RefusedFileException(path, RefusalKind.NOT_A_DIRECTORY,
                    (mode & TYPE) == LINK_TYPE ? "a symbolic link is never followed" : "a directory belongs here");
        }
        return mode;
    }

    /**
     * Sets the mode explicitly, whatever the umask took from it at creation: through a descriptor
     * opened without following a link, so a link swapped in meanwhile is refused, not followed.
     */
    private static void settle(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Makes a directory (and its missing parents) a team cache's root: of {@code group}, setgid,
     * 2770; one that exists is made so only if it is this user's and empty. Nothing is changed in
     * a root that is already the group's.
     *
     * @param root the cache root
     * @param group the name of the group
     * @throws IllegalArgumentException if there is no such group, or this user is not in it
     * @throws IOException if the root is another's, or holds files, and is not shared with the
     *     group, saying what to run; or if it cannot be made
     */
    public static void prepareRoot(Path root, String group) throws IOException {
        TeamRoot.prepare(root, group);
    }
}
