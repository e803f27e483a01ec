package io.mppfc.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The HTTP client of a store, with every request body held to the pace {@link PacedBody} holds
 * response bodies to: at least {@link PacedBody#LEAST_BYTES} (or the rest) taken by the store in
 * every span of its timeout. A socket's timeout bounds reads only: a store that stops reading an
 * upload, or reads a byte now and then, blocks the write with no timeout at all, and a push was
 * held up to the hour a whole pack may take. The body is counted as the connection takes it (the
 * write blocks with a full send buffer, so what is read from it is what went, within a buffer),
 * and a watch on a daemon thread drops the connection when a span brings too little: the write
 * fails at once, and the request fails as {@link TooSlow}, which the SDK does not retry (the store
 * was just seen to stall). Once the body is all taken, the store has two spans to answer; the
 * socket's timeout already ends an answer that stops.
 */
final class PacedUploads implements SdkHttpClient {

    /** One thread for every store's watches: a watch is a check of two counters a span. */
    private static final ScheduledExecutorService WATCHES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread t = new Thread(task, "mppfc-s3-upload-pace");
        t.setDaemon(true);
        return t;
    });

    /** Spans allowed between the body's last byte taken and the answer. */
    private static final int SPANS_TO_ANSWER = 2;

    private final SdkHttpClient http;
    private final Duration span;

    PacedUploads(SdkHttpClient http, Duration span) {
        this.http = http;
        this.span = span;
    }

    /**
     * An upload the store took too slowly: unchecked, so the SDK does not retry it (it retries an
     * {@link IOException}); {@link S3Objects} turns it into its one line.
     */
    static final class TooSlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (request.contentStreamProvider().isEmpty()) {
            return http.prepareRequest(request);
        }
        ContentStreamProvider body = request.contentStreamProvider().get();
        long declared = request.httpRequest().firstMatchingHeader("Content-Length").map(PacedUploads::length).orElse(-1L);
        Watch watch = new Watch(declared);
        HttpExecuteRequest.Builder counted = HttpExecuteRequest.builder().request(request.httpRequest())
                .contentStreamProvider(() -> watch.counting(body.newStream()));
        request.metricCollector().ifPresent(counted::metricCollector);
        ExecutableHttpRequest inner = http.prepareRequest(counted.build());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                ScheduledFuture<?> checks = WATCHES.scheduleAtFixedRate(() -> watch.check(inner), span.toNanos(),
                        span.toNanos(), TimeUnit.NANOSECONDS);
                try {
                    HttpExecuteResponse response = inner.call();
                    if (watch.tripped != null) {
                        throw new TooSlow(watch.tripped);
                    }
                    return response;
                } catch (IOException | RuntimeException e) {
                    if (watch.tripped != null) {
                        throw new TooSlow(watch.tripped);
                    }
                    throw e;
                } finally {
                    checks.cancel(false);
                }
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }

    private static long length(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String clientName() {
        return http.clientName();
    }

    @Override
    public void close() {
        http.close();
    }

    /** The counters of one request's body, read by the watch thread. */
    private final class Watch {
        private final long declared;
        /** Bytes of the body taken so far (of the latest stream: a stream made again starts again). */
        private volatile long taken;
        private volatile boolean started;
        /** When the connection first read the body ({@link System#nanoTime}). */
        private volatile long startedAt;
        private volatile boolean ended;
        /** Why the connection was dropped, or null. */
        private volatile String tripped;
        /** The watch thread's own. */
        private long takenAtSpanStart;
        private int spansSinceEnd;

        Watch(long declared) {
            this.declared = declared;
        }

        InputStream counting(InputStream stream) {
            taken = 0; // a stream made again (a retry within the attempt) is sent from its start
            startedAt = System.nanoTime();
            started = true;
            return new FilterInputStream(stream) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b < 0) {
                        ended = true;
                    } else {
                        taken++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        ended = true;
                    } else {
                        taken += n;
                        if (declared >= 0 && taken >= declared) {
                            ended = true;
                        }
                    }
                    return n;
                }
            };
        }

        /** Once a span, on the watch thread: drops the connection if the span brought too little. */
        void check(ExecutableHttpRequest request) {
            if (!started || tripped != null || System.nanoTime() - startedAt < span.toNanos()) {
                // connecting, or waiting for the store's "100 Continue" (both bounded by the socket's
                // timeouts), or done; a first span cut short by them is measured with the next
                return;
            }
            long now = taken;
            long brought = now - takenAtSpanStart;
            if (ended) {
                if (++spansSinceEnd > SPANS_TO_ANSWER) {
                    trip(request, "sent whole, it was not answered within " + SPANS_TO_ANSWER + " spans of the store's "
                            + "timeout (" + span.toMillis() + " ms each)");
                }
                return;
            }
            long rest = declared < 0 ? Long.MAX_VALUE : declared - takenAtSpanStart;
            if (brought < Math.min(PacedBody.LEAST_BYTES, rest)) {
                trip(request, "the store took " + brought + " bytes in " + span.toMillis() + " ms, less than the "
                        + PacedBody.LEAST_BYTES + " bytes a span of its timeout must take");
            }
            takenAtSpanStart = now;
        }

        private void trip(ExecutableHttpRequest request, String why) {
            tripped = why;
            request.abort(); // closes the connection: the write blocked in it fails at once
        }
    }
}
