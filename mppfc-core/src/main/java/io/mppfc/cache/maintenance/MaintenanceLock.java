package io.mppfc.cache.maintenance;

import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.FilePermissions;
import io.mppfc.files.FileGate;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/**
 * {@code <root>/.gc.lock}, held by whatever rewrites a cache ({@code gc}, {@code pack},
 * {@code upgrade}): one at a time per cache, so pack generations and pack replacement never race.
 * Readers and writers of entries never take it.
 */
public final class MaintenanceLock {

    public static final String NAME = ".gc.lock";
    /**
     * Held while this JVM has a lock file open: closing any descriptor of a file drops every POSIX
     * lock the process holds on it, so a second channel to the lock file, even one that only
     * failed to lock it, would release the first one's lock.
     */
    private static final java.util.concurrent.locks.ReentrantLock IN_PROCESS = new java.util.concurrent.locks.ReentrantLock();
    /** How long a command waits for the lock: far longer than a worker's fold, short enough to say a command holds it. */
    static final java.time.Duration FOLD_WAIT = java.time.Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 20;

    private final FileChannel channel;
    private final FileLock lock;

    private MaintenanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Work done under the lock. */
    interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding the lock of the cache at {@code root}.
     *
     * @throws IOException naming the lock file, if another maintenance command holds it; or what the work throws
     */
    static <T> T holding(Path root, String command, Work<T> work) throws IOException {
        CacheMarker.requireRoot(root); // never a lock file, nor what the work writes, in a directory not mppfc's
        if (!IN_PROCESS.tryLock()) {
            throw new IOException("cannot " + command + " " + root + " now: this process runs another mppfc gc, pack, "
                    + "pull, upgrade or fold; run it again when that one is done");
        }
        try {
            return takeWaiting(root, command).run(work);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    /**
     * Takes the lock, waiting up to {@link #FOLD_WAIT} while someone holds it: during a prewarm a
     * worker folding its batch packs holds it for milliseconds every few batches, and {@code gc}
     * or {@code pack} run then failed as if another command ran.
     */
    private static MaintenanceLock takeWaiting(Path root, String command) throws IOException {
        long deadline = System.nanoTime() + FOLD_WAIT.toNanos();
        while (true) {
            try {
                return take(root, command);
            } catch (Busy busy) {
                if (System.nanoTime() - deadline > 0) {
                    throw busy;
                }
                try {
                    Thread.sleep(POLL_MILLIS); // polls a lock held in another process: there is nothing to wait on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    /**
     * Runs {@code work} holding the lock if no one holds it, without waiting: what a writer folding
     * its batch packs does, which leaves the work to whoever holds the lock.
     *
     * @return what the work returned, or null if the lock was held
     */
    static <T> T ifFree(Path root, Work<T> work) throws IOException {
        CacheMarker.requireRoot(root);
        if (!IN_PROCESS.tryLock()) {
            return null;
        }
        try {
            MaintenanceLock lock;
            try {
                lock = take(root, "fold the batch packs of");
            } catch (Busy busy) {
                return null;
            }
            return lock.run(work);
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private <T> T run(Work<T> work) throws IOException {
        try {
            return work.run();
        } finally {
            release();
        }
    }

    /** Another maintenance command holds the lock. */
    private static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private static MaintenanceLock take(Path root, String command) throws IOException {
        Path file = root.resolve(NAME);
        FileChannel channel;
        try {
            // never through a link (a dangling one would create its target outside the cache), never a FIFO
            channel = FileGate.openLock(file, FilePermissions.file());
        } catch (RefusedFileException e) {
            throw new IOException("cannot " + command + " " + root + ": " + file + " is " + e.kind().description()
                    + ", not mppfc's lock file; mppfc never follows or opens such a thing there: remove it", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            channel.close(); // held by this JVM (another thread folds or packs)
            throw new Busy("cannot " + command + " " + root + " now: this process holds " + file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new Busy("cannot " + command + " " + root + " now: another mppfc gc, pack, pull or upgrade is running "
                    + "on it (it holds " + file + "); run it again when that one is done");
        }
        return new MaintenanceLock(channel, lock);
    }

    private void release() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
