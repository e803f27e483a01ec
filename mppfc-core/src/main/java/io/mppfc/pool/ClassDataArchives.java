package io.mppfc.pool;

import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the class data directory from growing without bound. Every rebuild of a jar is a new
 * classpath and a new archive of 7-20 MB; a day of edits and runs left 69 archives, 652 MB, in
 * the temp directory. An archive's modification time says when a worker last mapped it (it is
 * touched at most once an hour); when a new one is recorded, all but the most recently used
 * are removed, and so are the leftovers of recordings that never finished.
 */
final class ClassDataArchives {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchives.class);
    /** Archives kept: a few programs, each with a few classpaths (tests, a jar, an IDE), stay mapped. */
    static final int KEPT = 8;
    /** Younger files may be another program's, in use or being made: never removed. */
    private static final long GRACE_MILLIS = TimeUnit.HOURS.toMillis(1);

    private ClassDataArchives() {
    }

    /** Marks an archive as just used, at most once an hour (a write per worker start would be waste). */
    static void used(Path archive) {
        try {
            long now = System.currentTimeMillis();
            if (now - Files.getLastModifiedTime(archive, LinkOption.NOFOLLOW_LINKS).toMillis() > GRACE_MILLIS) {
                Files.setLastModifiedTime(archive, FileTime.fromMillis(now));
            }
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used: {}", archive, e.toString());
        }
    }

    /**
     * Removes archives beyond the {@link #KEPT} most recently used, and every file of an
     * archive's recording (temp, configuration) older than an hour, leaving alone anything
     * younger.
     */
    static void prune(Path dir) {
        long now = System.currentTimeMillis();
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "worker-*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".jsa") || name.endsWith(".aot")) {
                    archives.add(file);
                } else if (now - modified(file) > GRACE_MILLIS) {
                    delete(file);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot look for old class data in {}: {}", dir, e.toString());
            return;
        }
        archives.sort(Comparator.comparingLong(ClassDataArchives::modified).reversed());
        for (Path old : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
            if (now - modified(old) > GRACE_MILLIS) {
                delete(old);
            }
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE; // gone, or unreadable: treated as new, so left alone
        }
    }

    private static void delete(Path file) {
        try {
            FileGate.deleteFile(file);
        } catch (IOException e) {
            LOG.debug("cannot remove old class data {}: {}", file, e.toString());
        }
    }
}
