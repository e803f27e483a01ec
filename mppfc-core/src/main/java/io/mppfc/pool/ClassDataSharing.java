package io.mppfc.pool;

import io.mppfc.footprint.Footprint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AppCDS archive per worker classpath, so workers start faster (measured here: first result
 * of a fresh worker after ~215 ms instead of ~350 ms). The first worker that finds no archive
 * writes one when it exits; later workers map it. Only for classpaths of jar files (the JVM
 * refuses directories), and only when the archive exists: a missing archive would silently
 * disable sharing, a stale one is refused by the JVM itself (its warnings are silenced).
 * Archives live in {@code mppfc.cdsDir} (default: the temp directory's {@code mppfc-cds-<user>},
 * used only if this user owns it and nobody else may write to it), named by a hash of the JVM and of every jar's path, size and modification time.
 */
final class ClassDataSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String QUIET = "-Xlog:cds*=off";

    /** What one worker does about the archive. */
    record Plan(List<String> jvmOptions, Path pending, Path archive) {

        static final Plan NONE = new Plan(List.of(), null, null);

        /** After a clean exit of the worker that wrote the archive: publish it atomically. */
        void publish() {
            if (pending == null) {
                return;
            }
            try {
                if (Files.isRegularFile(pending) && Files.size(pending) > 0) {
                    Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    LOG.debug("worker class data archive written: {}", archive);
                }
            } catch (IOException e) {
                LOG.debug("cannot publish the class data archive {}: {}", archive, e.toString());
            } finally {
                discard();
            }
        }

        void discard() {
            try {
                if (pending != null) {
                    Files.deleteIfExists(pending);
                }
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", pending, e.toString());
            }
        }
    }

    private ClassDataSharing() {
    }

    static Path directory() {
        String configured = System.getProperty("mppfc.cdsDir");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "mppfc-cds-" + System.getProperty("user.name", "user"));
    }

    /**
     * Returns the options for the worker's JVM.
     *
     * @param classpath the worker classpath
     * @param mayCreate whether this worker may write the archive if there is none
     * @return the options for the worker's JVM
     */
    static Plan plan(String classpath, boolean mayCreate) {
        if ("false".equals(System.getProperty("mppfc.cds"))) {
            return Plan.NONE;
        }
        String identity = identity(classpath);
        if (identity == null) {
            return Plan.NONE;
        }
        Path dir = directory();
        if (!ownDirectory(dir)) {
            return Plan.NONE;
        }
        byte[] hash = Footprint.sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("worker-" + HexFormat.of().formatHex(hash, 0, 12) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new Plan(List.of("-XX:SharedArchiveFile=" + archive, QUIET), null, archive);
        }
        if (!mayCreate) {
            return Plan.NONE;
        }
        Path pending = dir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp");
        return new Plan(List.of("-XX:ArchiveClassesAtExit=" + pending, QUIET), pending, archive);
    }

    /**
     * An archive is class data the worker JVM maps and runs: it must come from a directory only
     * this user can write. Made owner-only when missing; refused (no sharing, a debug line) when
     * it is a link, another user's, or writable by others, as a directory of this name in a
     * shared temp directory may have been made by someone else first.
     */
    static boolean ownDirectory(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    // checked below like any other
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                LOG.debug("not sharing class data: {} is not a directory", dir);
                return false;
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!owner.getName().equals(me)) {
                LOG.debug("not sharing class data: {} belongs to {}, not {}", dir, owner.getName(), me);
                return false;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    LOG.debug("not sharing class data: others may write to {}", dir);
                    return false;
                }
            } catch (UnsupportedOperationException e) {
                return true; // not a POSIX file system: the owner check is what there is
            }
            return true;
        } catch (IOException e) {
            LOG.debug("not sharing class data: {}: {}", dir, e.toString());
            return false;
        }
    }

    /** The JVM and every jar's path, size and time; null if an entry is not a jar file. */
    private static String identity(String classpath) {
        StringBuilder id = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path jar = Path.of(entry);
            try {
                BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
                if (!a.isRegularFile() || !entry.endsWith(".jar")) {
                    return null;
                }
                id.append('|').append(jar.toAbsolutePath()).append(':').append(a.size()).append(':')
                        .append(a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return null;
            }
        }
        return id.toString();
    }
}
