package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.RealDirectory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories between a function's directory and its entries, checked one by one without
 * following links: a symlink there (to a directory outside the cache, say) or a plain file is
 * never read through or written through; it is moved to the quarantine and, for a write,
 * replaced by a real directory. Each directory is also checked for write access by others, as
 * the function's directory is when the cache opens.
 */
public final class EntryDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(EntryDirectories.class);

    private final Path functionDirectory;
    private final boolean strictPermissions;
    private final boolean readOnly;
    private final AtomicBoolean warnedAboutPermissions = new AtomicBoolean();
    private final Remade remade;
    private static final int UNKNOWN = -2;
    private volatile int sharedGid = UNKNOWN;
    /**
     * Directories whose permissions were checked and found fine: without strictPermissions (a
     * warning, not a refusal) once per process is enough, and each check costs a stat per hit.
     */
    private final java.util.Set<Path> permissionsChecked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public EntryDirectories(Path functionDirectory, boolean strictPermissions, boolean readOnly) {
        this(functionDirectory, strictPermissions, readOnly, null);
    }

    /** What a writer does once it has made the function's directory again, or finds it replaced. */
    interface Remade {
        void run() throws IOException;

        /** Before each write into a directory that is there: one lstat, to see it is still the one marked in use. */
        void check() throws IOException;
    }

    /** With {@code remade}: a function's directory removed under a writer is made again, not a failure for ever. */
    EntryDirectories(Path functionDirectory, boolean strictPermissions, boolean readOnly, Remade remade) {
        this.functionDirectory = functionDirectory;
        this.strictPermissions = strictPermissions;
        this.readOnly = readOnly;
        this.remade = remade;
    }

    /**
     * Whether {@code entryDirectory} is there as real directories all the way down. Anything
     * else in the way is moved to the quarantine (a read-only cache reports it instead).
     */
    boolean readable(Path entryDirectory) throws IOException {
        for (Path node : chain(entryDirectory)) {
            BasicFileAttributes a = attributes(node);
            if (a == null) {
                return false;
            }
            if (!a.isDirectory()) {
                displace(node, a);
                return false;
            }
            checkPermissions(node);
        }
        return true;
    }

    /**
     * Level directories (by {@link CacheKey#directoryIndex()}) a hit here has found real, with
     * permissions that at most warn: a hint that one thread sets and others may see late, which
     * only costs them a check.
     */
    private final boolean[] levelsSeen = new boolean[4096];

    /**
     * Whether a hit on {@code key} may leave its level directory unchecked: a hit in this process
     * has found it a real directory, and permissions only warn. Reading through a link swapped in
     * since returns only a valid entry of the key read (docs/DESIGN.md, "A hit reads through its
     * level directory"); writes and time updates check the directory every time.
     */
    boolean seenBefore(CacheKey key) {
        return !strictPermissions && levelsSeen[key.directoryIndex()];
    }

    /** Whether the level directory of {@code key} is real all the way down ({@link #readable}), remembered for {@link #seenBefore}. */
    boolean readableFor(CacheKey key, Path entryDirectory) throws IOException {
        boolean real = readable(entryDirectory);
        if (real && !strictPermissions) {
            levelsSeen[key.directoryIndex()] = true;
        }
        return real;
    }

    /** Makes {@code entryDirectory} real directories (owner-only, or a team's), moving aside anything else in the way. */
    public void prepare(Path entryDirectory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                prepareOnce(entryDirectory);
                return;
            } catch (java.nio.file.NoSuchFileException e) {
                if (attempt == 3 || remade == null) {
                    throw e;
                }
                // the function's directory went (mppfc clear renames it aside) while its levels were made
            }
        }
    }

    /**
     * Level directories this process has prepared for writes, by their identity when prepared:
     * one found again with the same identity was made by mppfc, is real, had its permissions
     * checked and was reached through the function's directory whose {@code in-use} file this
     * process holds (docs/DESIGN.md, "A miss writes after one look").
     */
    private final java.util.concurrent.ConcurrentHashMap<Path, Object> prepared = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Makes {@code entryDirectory} ready for a new file, as {@link #prepare}, and returns it as
     * one look just found it: for a directory prepared before in this process and found again
     * the same, that one {@code lstat} is all it costs.
     */
    RealDirectory prepareForWrite(Path entryDirectory) throws IOException {
        if (!strictPermissions) {
            Object known = prepared.get(entryDirectory);
            if (known != null) {
                RealDirectory d = FileGate.realDirectoryOrNull(entryDirectory, sharedGid() >= 0);
                if (d != null && known.equals(d.identity())) {
                    return d;
                }
            }
        }
        for (int attempt = 0; ; attempt++) {
            prepare(entryDirectory);
            RealDirectory d = FileGate.realDirectoryOrNull(entryDirectory, sharedGid() >= 0);
            if (d != null) {
                if (!strictPermissions && d.identity() != null) {
                    prepared.put(entryDirectory, d.identity());
                }
                return d;
            }
            if (attempt == 3) {
                throw new IOException("cannot make " + entryDirectory + " a directory: something keeps replacing it");
            }
        }
    }

    private void prepareOnce(Path entryDirectory) throws IOException {
        if (remade != null && attributes(functionDirectory) == null) {
            try {
                // only the function's own directory: a cache root that is gone is not made again here
                FilePermissions.createDirectory(functionDirectory);
                remade.run();
            } catch (FileAlreadyExistsException e) {
                remade.check(); // made again by another process meanwhile
            }
        } else if (remade != null) {
            remade.check();
        }
        for (Path node : chain(entryDirectory)) {
            for (int attempt = 0; ; attempt++) {
                // a level directory not made yet is found absent by a stat, not by the exception an lstat's ENOENT
                // costs NIO (more than the write); a dangling link passes for absent, fails the mkdir, and is looked at
                BasicFileAttributes a = attempt == 0 && !new java.io.File(node.toString()).exists() ? null : attributes(node);
                if (a != null && a.isDirectory()) {
                    checkPermissions(node);
                    break;
                }
                if (attempt == 3) {
                    throw new IOException("cannot make " + node + " a directory: something keeps replacing it");
                }
                if (a != null) {
                    displace(node, a);
                }
                try {
                    FilePermissions.createDirectory(node);
                } catch (FileAlreadyExistsException e) {
                    // made by another writer meanwhile (or planted): looked at again
                }
            }
        }
    }

    private Iterable<Path> chain(Path entryDirectory) {
        Path relative = functionDirectory.relativize(entryDirectory);
        java.util.List<Path> nodes = new java.util.ArrayList<>(relative.getNameCount());
        Path node = functionDirectory;
        for (Path name : relative) {
            node = node.resolve(name);
            nodes.add(node);
        }
        return nodes;
    }

    private static BasicFileAttributes attributes(Path node) throws IOException {
        return FileGate.attributesOrNull(node);
    }

    private void displace(Path node, BasicFileAttributes a) throws IOException {
        String reason = "a directory of the cache is " + EntryFile.kind(a);
        if (readOnly) {
            throw new IOException(node + " should be a directory of the cache but is " + EntryFile.kind(a)
                    + "; it is not followed (mppfc verify moves it aside)");
        }
        Quarantine.move(functionDirectory, node, "cache directory", reason);
    }

    /** The group id of a team's cache root (-1 for an owner-only one), looked up once: its owner's choice, rarely changed. */
    private int sharedGid() {
        int gid = sharedGid;
        if (gid == UNKNOWN) {
            gid = FilePermissions.sharedGroupOf(functionDirectory.getParent());
            sharedGid = gid;
        }
        return gid;
    }

    private void checkPermissions(Path node) throws IOException {
        if (permissionsChecked.contains(node)) {
            return;
        }
        String warning;
        try {
            warning = FilePermissions.othersCanWrite(node, sharedGid(), strictPermissions);
        } catch (NoSuchFileException e) {
            return; // an emptied entry directory removed by mppfc pack meanwhile: made again when needed
        }
        if (warning != null && warnedAboutPermissions.compareAndSet(false, true)) {
            LOG.warn(warning);
        }
        if (warning == null && !strictPermissions) {
            permissionsChecked.add(node);
        }
    }
}
