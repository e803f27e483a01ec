package io.mppfc.cache;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Owner-only permissions for what the cache creates, where the file system has POSIX permissions. */
public final class FilePermissions {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
            : new FileAttribute<?>[0];

    private FilePermissions() {
    }

    /** Why others can write to {@code dir} ("group-writable", "world-writable"), or null if they cannot. */
    static String writableByOthers(Path dir) throws IOException {
        if (!POSIX) {
            return null;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        boolean group = p.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
        boolean world = p.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        if ((group || world) && Files.getAttribute(dir, "unix:mode") instanceof Integer mode && (mode & 01000) != 0) {
            return null; // sticky, like /tmp: others cannot rename or delete what is ours
        }
        return world ? "world-writable" : group ? "group-writable" : null;
    }

    /**
     * Whether others could plant entries in {@code dir}: refused when strict, else the warning to
     * log (null when the directory is fine).
     */
    static String othersCanWrite(Path dir, boolean strict) throws IOException {
        String problem = writableByOthers(dir);
        if (problem == null) {
            return null;
        }
        String message = "the cache directory " + dir + " is " + problem + ", so others could plant entries; "
                + "run chmod go-w " + dir;
        if (strict) {
            throw new java.nio.file.AccessDeniedException(dir.toString(), null, message + " (strictPermissions is on)");
        }
        return message;
    }

    public static FileAttribute<?>[] directory() {
        return DIRECTORY.clone();
    }

    public static FileAttribute<?>[] file() {
        return FILE.clone();
    }

    /** Creates missing directories owner-only; existing ones are left as they are. */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, DIRECTORY);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
