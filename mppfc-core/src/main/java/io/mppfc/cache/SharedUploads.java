package io.mppfc.cache;

import io.mppfc.SharedStore;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads entries to a shared store on one background thread, from a bounded queue: a
 * computation never waits for an upload, and an upload that fails is tried again with back-off,
 * then counted as not uploaded (the entry stays in the local cache, and its name in
 * {@link PendingUploads}, for the next run or {@code mppfc push}). The object's bytes are read
 * and checked when it is uploaded, so the queue holds names, not values, and damage is never
 * uploaded.
 */
final class SharedUploads {

    private static final Logger LOG = LoggerFactory.getLogger(SharedTier.class);
    static final int QUEUE = 10_000;
    private static final int ATTEMPTS = 3;
    private static final long FIRST_RETRY_MILLIS = 200;
    /** How many keys of what was not uploaded are named in the warning. */
    private static final int NAMED = 5;
    /** How long a JVM that exits without close() waits for its uploads, all functions together. */
    static final java.time.Duration AT_EXIT = java.time.Duration.ofSeconds(10);
    /** Uploads with work queued since their last complete flush: what the exit hook waits for. */
    private static final java.util.Set<SharedUploads> UNFLUSHED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedUploads::flushAtExit, "mppfc-shared-upload-at-exit"));
    }

    /** An object that will never be uploaded as it is (too large, damaged, gone): not tried again. */
    static final class NotUploadable extends Exception {
        private static final long serialVersionUID = 1L;

        NotUploadable(String message) {
            super(message);
        }
    }

    private final SharedStore store;
    private final Availability availability;
    private final ThreadPoolExecutor uploader;
    private final Object lock = new Object();
    private int pending;
    private final List<String> notUploaded = new ArrayList<>();
    private int notUploadedCount;
    private String lastReason;

    SharedUploads(SharedStore store, Availability availability) {
        this.store = store;
        this.availability = availability;
        this.uploader = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                SharedTier.daemon("mppfc-shared-upload"), (task, pool) -> {
                    throw new java.util.concurrent.RejectedExecutionException("the upload queue is full");
                });
        uploader.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues an upload.
     *
     * @param bytes the object's bytes, read when it is uploaded; any exception means it never will be
     * @param settled run once the object is uploaded or will never be (not after a failure worth trying again)
     */
    void add(String objectKey, Callable<byte[]> bytes, Runnable settled) {
        synchronized (lock) {
            pending++;
        }
        availability.queued();
        UNFLUSHED.add(this);
        try {
            uploader.execute(() -> upload(objectKey, bytes, settled));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done(objectKey, "more than " + QUEUE + " uploads were waiting");
        }
    }

    private void upload(String objectKey, Callable<byte[]> source, Runnable settled) {
        byte[] bytes;
        try {
            bytes = source.call();
        } catch (Exception e) {
            // the local copy is damaged, too large or gone: trying again would not change that
            settled.run();
            done(objectKey, e instanceof NotUploadable ? e.getMessage() : e.toString());
            return;
        }
        String failure = put(objectKey, bytes);
        if (failure == null) {
            settled.run();
        }
        done(objectKey, failure);
    }

    /** Null when put, else why not, after {@link #ATTEMPTS} tries with back-off. */
    private String put(String objectKey, byte[] bytes) {
        String reason = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(FIRST_RETRY_MILLIS << (2 * (attempt - 1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
            if (!availability.uploadsAvailable()) {
                return "the store was unavailable";
            }
            try {
                store.put(objectKey, bytes);
                return null;
            } catch (IOException e) {
                reason = e.getMessage();
            } catch (RuntimeException e) { // a store's own bug must not leave the queue waiting for this upload
                reason = e.toString();
            }
        }
        availability.uploadsFailed(reason);
        return reason;
    }

    private void done(String objectKey, String failure) {
        availability.uploadDone(failure);
        synchronized (lock) {
            pending--;
            if (failure != null) {
                notUploadedCount++;
                lastReason = ShownText.line(failure); // the store's words: data, on one line
                if (notUploaded.size() < NAMED) {
                    notUploaded.add(objectKey);
                }
            }
            lock.notifyAll();
        }
    }

    /**
     * A program that exits without close() still uploads what it queued, for a bounded time;
     * what is left stays in the local cache, for the next run or {@code mppfc push}.
     */
    private static void flushAtExit() {
        long deadline = System.nanoTime() + AT_EXIT.toNanos();
        for (SharedUploads uploads : UNFLUSHED) {
            uploads.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    int flush(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            try {
                for (long left = bound.toNanos(); pending > 0 && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int failed = notUploadedCount + pending;
            if (failed > 0) {
                LOG.warn("{} {} not uploaded to the shared store {} ({}{}); they stay in the local cache, "
                        + "for the next run or mppfc push: {}", failed, failed == 1 ? "result was" : "results were",
                        ShownText.line(store),
                        notUploadedCount > 0 ? lastReason : "",
                        pending > 0 ? (notUploadedCount > 0 ? "; " : "") + pending + " still waiting after "
                                + bound.toMillis() + " ms" : "", notUploaded);
            }
            notUploaded.clear();
            notUploadedCount = 0;
            if (pending == 0) {
                UNFLUSHED.remove(this);
            }
            return failed;
        }
    }
}
