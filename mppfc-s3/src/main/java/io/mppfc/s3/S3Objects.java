package io.mppfc.s3;

import io.mppfc.SharedStore;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The requests to one bucket, by full object key, as bytes: every body bounded before it is
 * read, every failure one line naming the store ({@link S3Errors}). What the objects mean
 * (prefix, signatures) is {@link S3Store}'s. Local files are opened without following a link
 * at their name, and only regular files: a link planted in a team's cache never makes a push
 * upload, or a pull write, a file it points to.
 */
final class S3Objects implements AutoCloseable {

    /**
     * Moving a whole pack may take longer than a lookup: bounded by its pace ({@link PacedBody}
     * down, {@link PacedUploads} up) and the timeout per read, and in all by this.
     */
    private static final Duration WHOLE_FILE = Duration.ofHours(1);

    private final S3Client client;
    private final String bucket;
    private final String where;
    private final long maxListed;
    /** The span in which every body must bring its {@link PacedBody#LEAST_BYTES}: the store's timeout. */
    private final Duration pace;

    S3Objects(S3Client client, String bucket, String where, long maxListed, Duration pace) {
        this.client = client;
        this.bucket = bucket;
        this.where = where;
        this.maxListed = maxListed;
        this.pace = pace;
    }

    /** The object's bytes, or null if there is none; larger than {@code maxBytes} is refused unread. */
    byte[] get(String object, long maxBytes) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket)
                .key(object).build())) {
            long declared = declaredWithin(in, object, maxBytes);
            byte[] bytes = readAtMost(paced(in, object, declared), (int) declared);
            if (bytes.length != declared) {
                throw cutShort(object, bytes.length, declared);
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw S3Errors.describe(e, where, object);
        }
    }

    /**
     * Uploads bytes. A body larger than a span's {@link PacedBody#LEAST_BYTES} (a pack's index, a
     * large entry) is bounded by its pace and the whole-file bound, not by one timeout in all,
     * which cut such a body on a slow link that works.
     */
    void put(String object, byte[] bytes) throws IOException {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(object);
        if (bytes.length > PacedBody.LEAST_BYTES) {
            request.overrideConfiguration(c -> c.apiCallTimeout(WHOLE_FILE).apiCallAttemptTimeout(WHOLE_FILE));
        }
        try {
            client.putObject(request.build(), RequestBody.fromBytes(bytes));
        } catch (PacedUploads.TooSlow e) {
            throw tooSlow(object, e);
        } catch (SdkException e) {
            throw uploadFailed(e, object);
        }
    }

    /** The one line of an upload that failed: too slow if the pace's watch dropped it, else what the store said. */
    private IOException uploadFailed(SdkException e, String object) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PacedUploads.TooSlow slow) {
                return tooSlow(object, slow);
            }
        }
        return S3Errors.describe(e, where, object);
    }

    private IOException tooSlow(String object, PacedUploads.TooSlow e) {
        return new IOException("the upload of " + ShownText.line(object) + " to " + where + " went too slowly: "
                + e.getMessage() + " (a store that stalls, or a link too slow to share results over); it was not "
                + "stored, and what is local stays: try again once the store takes uploads at a working pace", e);
    }

    /**
     * The objects under {@code start}, their keys without the first {@code strip} characters: at
     * most {@code maxListed} of them, in at most {@link #maxPages} pages, each continuation token
     * new. A bucket larger than that, or a store that never ends its listing, is one error saying
     * what to do rather than a listing that holds the heap or runs for ever.
     */
    List<SharedStore.Listed> list(String start, int strip) throws IOException {
        List<SharedStore.Listed> listed = new ArrayList<>();
        java.util.Set<String> tokens = new java.util.HashSet<>();
        long seen = 0;
        String token = null;
        try {
            for (long page = 1; ; page++) {
                if (page > maxPages(maxListed)) {
                    throw unbounded(start, "went on for more than " + maxPages(maxListed) + " pages");
                }
                ListObjectsV2Response answer = client.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket)
                        .prefix(start).continuationToken(token).build());
                for (S3Object o : answer.contents()) {
                    if (++seen > maxListed) {
                        throw unbounded(start, "holds more than " + maxListed + " objects");
                    }
                    // a key ending in '/' is a folder marker (some stores and consoles make them), never an object of mppfc's
                    if (o.key().length() > strip && o.key().startsWith(start) && !o.key().endsWith("/")) {
                        listed.add(new SharedStore.Listed(o.key().substring(strip), o.size() == null ? 0 : o.size(),
                                o.lastModified() == null ? java.time.Instant.EPOCH : o.lastModified()));
                    }
                }
                if (!Boolean.TRUE.equals(answer.isTruncated())) {
                    return listed;
                }
                token = answer.nextContinuationToken();
                if (token == null || token.isEmpty() || !tokens.add(token)) {
                    throw unbounded(start, "was cut off with no new continuation token (the store repeats itself)");
                }
            }
        } catch (SdkException e) {
            throw S3Errors.describe(e, where, start);
        }
    }

    /** Pages of a listing of {@code maxListed} objects: S3 gives 1000 a page; a store giving ten times fewer is allowed. */
    static long maxPages(long maxListed) {
        return maxListed / 100 + 10;
    }

    /** The bound of a listing: a listed object takes about 250 bytes, so at most a quarter of the heap. */
    static long maxListedInHeap() {
        return Math.max(10_000, Runtime.getRuntime().maxMemory() / 1024);
    }

    private IOException unbounded(String start, String what) {
        return new IOException("the listing of " + (start.isEmpty() ? "the bucket" : ShownText.line(start)) + " in " + where
                + " " + what + ", more than mppfc lists at once: give this cache a prefix of its own (s3://bucket/prefix) or "
                + "remove what is not mppfc's there; for a larger cache, give the JVM more heap (-Xmx)");
    }

    byte[] getRange(String object, long offset, int length) throws IOException {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("a range of " + length + " bytes at " + offset);
        }
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket)
                .key(object).range("bytes=" + offset + "-" + (offset + length - 1)).build())) {
            Long declared = in.response().contentLength();
            if (declared == null || declared != length) {
                in.abort();
                throw new IOException("the object " + ShownText.line(object) + " in " + where + " answered " + declared
                        + " bytes for a range of " + length);
            }
            byte[] bytes = readAtMost(paced(in, object, length), length);
            if (bytes.length != length) {
                throw cutShort(object, bytes.length, length);
            }
            return bytes;
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                throw new IOException("the object " + ShownText.line(object) + " in " + where
                        + " is shorter than its index says", e);
            }
            throw S3Errors.describe(e, where, object);
        } catch (SdkException e) {
            throw S3Errors.describe(e, where, object);
        }
    }

    /** Uploads a regular file as it is; a link at its name is refused, never followed. */
    void putFile(String object, Path file) throws IOException {
        BasicFileAttributes seen = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!seen.isRegularFile()) {
            throw new IOException("not uploaded: " + file + " is " + (seen.isSymbolicLink()
                    ? "a symbolic link, which is never followed" : "not a regular file"));
        }
        // the type was seen without following a link, and the open follows none: what is read is that file
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            client.putObject(PutObjectRequest.builder().bucket(bucket).key(object)
                    .overrideConfiguration(c -> c.apiCallTimeout(WHOLE_FILE).apiCallAttemptTimeout(WHOLE_FILE)).build(),
                    RequestBody.fromContentProvider(() -> {
                        try {
                            // each attempt reads from the start; the SDK's close must not close the channel
                            return new java.io.FilterInputStream(Channels.newInputStream(channel.position(0))) {
                                @Override
                                public void close() {
                                }
                            };
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, size, "application/octet-stream"));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (PacedUploads.TooSlow e) {
            throw tooSlow(object, e);
        } catch (SdkException e) {
            if (e.getCause() instanceof IOException local && !(local instanceof java.net.SocketException)
                    && Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(file.toString());
            }
            throw uploadFailed(e, object);
        }
    }

    /**
     * Writes the object to {@code target}, which must be new: a file at its name is removed first
     * (a link itself, never what it points to), and the file is created exclusively, so a link
     * planted meanwhile is refused, not written through.
     */
    boolean getFile(String object, Path target, long maxBytes) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(GetObjectRequest.builder().bucket(bucket)
                .key(object).overrideConfiguration(c -> c.apiCallTimeout(WHOLE_FILE).apiCallAttemptTimeout(WHOLE_FILE))
                .build())) {
            long declared = declaredWithin(in, object, maxBytes);
            if (Files.isSymbolicLink(target)) {
                in.abort();
                throw new IOException("not written: " + target + " is a symbolic link, which is never followed");
            }
            Files.deleteIfExists(target);
            long copied;
            try (var out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                copied = paced(in, object, declared).transferTo(new BoundedOutput(out, declared));
            }
            if (copied != declared) {
                throw cutShort(object, copied, declared);
            }
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (SdkException e) {
            throw S3Errors.describe(e, where, object);
        }
    }

    void delete(String object) throws IOException {
        try {
            client.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(object).build());
        } catch (SdkException e) {
            throw S3Errors.describe(e, where, object);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The body's declared length; an unknown one, or one over the bound, drops the connection unread. */
    private static long declaredWithin(ResponseInputStream<GetObjectResponse> in, String object, long maxBytes)
            throws SharedStore.ObjectTooLargeException {
        Long declared = in.response().contentLength();
        if (declared == null || declared < 0 || declared > maxBytes) {
            in.abort(); // the connection is dropped, not drained
            throw new SharedStore.ObjectTooLargeException("the object " + ShownText.line(object) + " is " + (declared == null
                    ? "of unknown size" : declared + " bytes") + ", more than the " + maxBytes + " bytes allowed");
        }
        return declared;
    }

    /** The body, ended (its connection dropped) if it comes slower than {@link PacedBody} allows. */
    private InputStream paced(ResponseInputStream<GetObjectResponse> in, String object, long declared) {
        return new PacedBody(in, declared, pace, ShownText.line(object) + " in " + where, in::abort);
    }

    private IOException cutShort(String object, long got, long declared) {
        return new IOException("the object " + ShownText.line(object) + " in " + where + " was cut short: " + got + " of "
                + declared + " bytes");
    }

    /** Up to {@code length} bytes and one more (to notice a body longer than declared), no more. */
    private static byte[] readAtMost(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length == length && in.read() >= 0) {
            throw new IOException("the object's body is longer than its declared " + length + " bytes");
        }
        return bytes;
    }

    /** Refuses to write more than the object declared: a longer body is an error, not a larger file. */
    private static final class BoundedOutput extends java.io.FilterOutputStream {
        private long left;

        BoundedOutput(java.io.OutputStream out, long bound) {
            super(out);
            this.left = bound;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("the object's body is longer than its declared size");
            }
            left -= len;
            out.write(b, off, len);
        }
    }
}
