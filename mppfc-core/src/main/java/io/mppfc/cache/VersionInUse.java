package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A code version's directory marked in use for as long as a cache of it is open in this process:
 * a shared lock on its {@code in-use} file, which {@code mppfc gc --keep-code-versions} must take
 * exclusively before it removes the version. A lock needs no clock, is held by readers as well
 * as writers, and is dropped by the operating system when the process dies, however it dies.
 *
 * <p>POSIX record locks belong to the process and file, and closing any descriptor of the file
 * drops all of them: so this process opens each {@code in-use} file once, whatever the number of
 * caches open on it, and never opens one it already holds (the table below, by file identity).
 */
public final class VersionInUse {

    public static final String FILE = "in-use";
    /** How long a claim waits for a collection that holds the file exclusively (only for a rename). */
    private static final long WAIT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(VersionInUse.class);
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread t = new Thread(task, "mppfc-version-in-use");
        t.setDaemon(true);
        return t;
    });
    /** The in-use files this process holds, by file key; also the monitor of every open, lock and close of them. */
    private static final Map<Object, Held> HELD = new HashMap<>();

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int holders = 1;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /** What the cleaner releases: kept apart from the holder so that the holder can become unreachable. */
    private static final class Claim implements Runnable {
        private Object key;

        @Override
        public void run() {
            release(this);
        }
    }

    /** Whether a collection may remove a version. */
    public enum Verdict {
        /** It was removed: nothing held it. */
        REMOVED,
        /** A process holds it open (here or anywhere its lock reaches). */
        IN_USE,
        /** Its lock could not be taken (a file system without locks): kept, as if in use. */
        UNKNOWN
    }

    /** The removal, run while the version is held exclusively. */
    public interface Removal {
        void run() throws IOException;
    }

    private final Path directory;
    private final boolean readOnly;
    private final Claim claim = new Claim();

    private VersionInUse(Path directory, boolean readOnly) {
        this.directory = directory;
        this.readOnly = readOnly;
    }

    /**
     * Marks {@code directory} in use until the returned object is unreachable (or the process ends).
     * A read-only user creates nothing: it holds the file if a writer ever made it.
     */
    public static VersionInUse hold(Path directory, boolean readOnly) throws IOException {
        VersionInUse inUse = new VersionInUse(directory, readOnly);
        inUse.claim();
        CLEANER.register(inUse, inUse.claim);
        return inUse;
    }

    /** No longer in use by this holder (released once: the cleaner then finds nothing to do). */
    public void release() {
        release(claim);
    }

    /**
     * What a writer of this version does before each write: makes the directory again if it was
     * removed (its layout record, a use, this lock), and holds the new one if it was replaced.
     */
    public EntryDirectories.Remade writerChecks() {
        return new EntryDirectories.Remade() {
            @Override
            public void run() throws IOException {
                CacheLayout.check(directory, false);
                CodeVersions.recordUse(directory);
                renew();
                LOG.warn("the cache directory {} was removed while in use; made it again (what it held is computed "
                        + "again when asked for)", ShownText.line(directory));
            }

            @Override
            public void check() throws IOException {
                if (!current()) {
                    renew(); // replaced: made again by another process (or by hand) after it was removed
                }
            }
        };
    }

    /** Whether the in-use file this holder locked is still the one at its path (one lstat); true if it holds none. */
    public boolean current() throws IOException {
        Object key = claim.key;
        if (key == null) {
            return true; // nothing held: a read-only user without the file, or a file system without locks
        }
        BasicFileAttributes a = attributes(directory.resolve(FILE));
        return a != null && key.equals(keyOf(a, directory.resolve(FILE)));
    }

    /** Holds the directory now at this path again: it was removed under us and made again. */
    synchronized void renew() throws IOException {
        if (claim.key != null && current()) {
            return; // renewed by another thread of this holder
        }
        release(claim);
        claim();
    }

    private void claim() throws IOException {
        Path file = directory.resolve(FILE);
        for (int attempt = 0; attempt < 5; attempt++) {
            BasicFileAttributes a = attributes(file);
            if (a == null) {
                if (readOnly) {
                    return;
                }
                create(file);
                continue;
            }
            if (!a.isRegularFile()) {
                return; // not ours to open: a collection then keeps the version only by its time of use
            }
            synchronized (HELD) {
                Object key = keyOf(a, file);
                Held held = HELD.get(key);
                if (held != null) {
                    held.holders++;
                    claim.key = key;
                    return;
                }
                FileChannel channel;
                try {
                    // a shared lock needs only reading, so a reader holds it as a writer does
                    channel = FileGate.openRead(file).channel();
                } catch (NoSuchFileException e) {
                    continue;
                } catch (IOException e) {
                    LOG.warn("cannot open {} ({}); this code version is used without marking it in use", ShownText.line(file),
                            ShownText.line(io.mppfc.files.IoText.describe(e)));
                    return;
                }
                FileLock lock;
                try {
                    lock = sharedLock(channel, file);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    return;
                }
                BasicFileAttributes now = attributes(file);
                if (now != null && Objects.equals(keyOf(now, file), key)) {
                    HELD.put(key, new Held(channel, lock));
                    claim.key = key;
                    return;
                }
                channel.close(); // the version was removed (and perhaps made again) while we waited: look again
            }
        }
    }

    private void create(Path file) throws IOException {
        try {
            // through the gate: a team's cache makes it 0660, so another member's gc can lock it
            FileGate.createNew(file, FilePermissions.file()).close();
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile
        }
    }

    /** A shared lock, waiting a bounded time for a collection's exclusive one; null if the file system has none. */
    private static FileLock sharedLock(FileChannel channel, Path file) throws IOException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, true);
            } catch (IOException e) {
                LOG.warn("cannot lock {} ({}); this file system has no working locks, so mppfc gc --keep-code-versions "
                        + "on another host cannot see that this code version is in use", ShownText.line(file),
                        ShownText.line(e.getMessage()));
                return null;
            }
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                LOG.warn("{} stayed locked by another process for {} ms; used without marking it in use", ShownText.line(file),
                        WAIT_MILLIS);
                return null;
            }
            try {
                Thread.sleep(10); // a collection holds it only while it renames the directory
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static void release(Claim claim) {
        synchronized (HELD) {
            Object key = claim.key;
            claim.key = null;
            Held held = key == null ? null : HELD.get(key);
            if (held == null || --held.holders > 0) {
                return;
            }
            HELD.remove(key);
            try {
                held.channel.close(); // releases the lock
            } catch (IOException e) {
                // the lock goes with the descriptor
            }
        }
    }

    /**
     * Runs {@code removal} if no process holds {@code directory} in use, holding its {@code in-use}
     * file exclusively meanwhile, so that a cache opening it waits and then finds it gone.
     */
    public static Verdict removeUnlessInUse(Path directory, Removal removal) throws IOException {
        Path file = directory.resolve(FILE);
        synchronized (HELD) {
            BasicFileAttributes a = attributes(file);
            if (a == null || !a.isRegularFile()) {
                removal.run(); // no cache of this mppfc ever held it open (an older one, or none)
                return Verdict.REMOVED;
            }
            if (HELD.containsKey(keyOf(a, file))) {
                return Verdict.IN_USE;
            }
            FileChannel channel;
            try {
                channel = FileGate.openReadWrite(file).channel();
            } catch (NoSuchFileException e) {
                removal.run();
                return Verdict.REMOVED;
            } catch (IOException e) {
                return Verdict.UNKNOWN;
            }
            try (channel) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    return Verdict.IN_USE;
                } catch (IOException e) {
                    return Verdict.UNKNOWN;
                }
                if (lock == null) {
                    return Verdict.IN_USE;
                }
                removal.run();
                return Verdict.REMOVED;
            }
        }
    }

    private static Object keyOf(BasicFileAttributes a, Path file) {
        return a.fileKey() != null ? a.fileKey() : file.toAbsolutePath().normalize();
    }

    private static BasicFileAttributes attributes(Path file) throws IOException {
        return FileGate.attributesOrNull(file);
    }
}
