package io.mppfc.cache;

import io.mppfc.files.IoText;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link DiskCache#open} and {@link DiskCache#openReadOnly} check of a function's directory
 * before they use it: that it is no link, that it is writable (or, read-only, that it exists), who
 * else may write there, and its layout. Each check fails with one line naming the directory.
 */
final class FunctionDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionDirectory.class);

    private FunctionDirectory() {
    }

    /**
     * The directory, created if need be (owner-only, or 2770 in a team's root), checked for
     * writing, its layout recorded when it is new.
     *
     * @return the directory's absolute, normalised path
     */
    static Path forWriting(Path directory, boolean strictPermissions) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            FilePermissions.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the cache directory " + dir + ": " + IoText.describe(e), e);
        }
        refuseLink(dir);
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir.toString(), null,
                    "the cache directory is not writable; choose another path or fix its permissions");
        }
        int sharedGid = FilePermissions.sharedGroupOf(dir.getParent()); // a team's root: its group may write
        for (Path checked : dir.getParent() == null ? List.of(dir) : List.of(dir, dir.getParent())) {
            String warning = FilePermissions.othersCanWrite(checked, sharedGid, strictPermissions);
            if (warning != null) {
                LOG.warn(warning);
            }
        }
        CacheLayout.check(dir, false);
        return dir;
    }

    /**
     * The directory, checked for reading and left as it is; with {@code mayBeAbsent}, one that
     * does not exist passes (an empty cache).
     *
     * @return the directory's absolute, normalised path
     */
    static Path forReading(Path directory, boolean mayBeAbsent) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        refuseLink(dir);
        boolean absent = mayBeAbsent && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        if (!absent && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no cached results of this function here "
                    + "(check --cache, --name and --no-class-name)");
        }
        if (!absent) {
            CacheLayout.check(dir, true);
        }
        return dir;
    }

    /** The function's directory is mppfc's own: through a planted link its results would be read or written elsewhere. */
    private static void refuseLink(Path dir) throws FileSystemException {
        if (Files.isSymbolicLink(dir)) {
            throw new FileSystemException(dir.toString(), null, "the cache directory is a symbolic link, "
                    + "which mppfc never follows inside a cache; remove it (the cache root itself may be a link)");
        }
    }
}
