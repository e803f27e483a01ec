package io.mppfc.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on loopback that answers every request with one fault, in place of an S3 store. */
final class FaultServer implements AutoCloseable {

    enum Fault {
        /** HTTP 500 with an S3 error body. */
        INTERNAL_ERROR,
        /** HTTP 500 whose error code and message hold a newline and an ESC (a broken or hostile store). */
        HOSTILE_ERROR,
        /** Lookups are answered at once (404 NoSuchKey); uploads get the answer of {@link #HOSTILE_ERROR}. */
        HOSTILE_UPLOADS,
        /** HTTP 503 SlowDown. */
        SLOW_DOWN,
        /** No answer until the server is closed. */
        NO_ANSWER,
        /** 200 with a declared length of 1000 bytes, of which 10 are sent before the connection is closed. */
        CUT_SHORT,
        /** 200 with a declared length of 2 GiB, of which 64 KiB are sent. */
        HUGE,
        /** Lookups are answered at once (404 NoSuchKey); uploads get no answer until the server is closed. */
        UPLOADS_HANG,
        /** Lookups are answered at once (404 NoSuchKey); uploads are refused (403 AccessDenied): read-only credentials. */
        UPLOADS_REFUSED,
        /** Every listing page is empty and cut off, with a continuation token never seen before: a listing without end. */
        ENDLESS_LISTING,
        /** Every listing page holds one object and is cut off with the same continuation token: a listing in a loop. */
        LISTING_LOOP
    }

    /**
     * The error code and message of {@link Fault#HOSTILE_ERROR}, as XML 1.1 may carry them: ESC
     * red, a forged second line, ESC reset.
     */
    static final String HOSTILE_CODE = "&#x1b;[31mInternal\nmppfc: warning: forged&#x1b;[0m";
    /** An S3 error answer with {@link #HOSTILE_CODE} as its code and message. */
    static final String HOSTILE_BODY = "<?xml version=\"1.1\" encoding=\"UTF-8\"?><Error><Code>" + HOSTILE_CODE
            + "</Code><Message>" + HOSTILE_CODE + "</Message></Error>";

    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    FaultServer(Fault fault) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "fault-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                answer(fault, exchange);
            } catch (IOException e) {
                // the client went away: what a fault does
            }
        });
        server.start();
    }

    private void answer(Fault fault, HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        switch (fault) {
            case INTERNAL_ERROR -> error(exchange, 500, "InternalError");
            case HOSTILE_ERROR -> hostile(exchange);
            case HOSTILE_UPLOADS -> {
                if (exchange.getRequestMethod().equals("PUT")) {
                    hostile(exchange);
                } else {
                    error(exchange, 404, "NoSuchKey");
                }
            }
            case SLOW_DOWN -> error(exchange, 503, "SlowDown");
            case NO_ANSWER -> {
                try {
                    closing.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case CUT_SHORT -> {
                exchange.sendResponseHeaders(200, 1000);
                OutputStream out = exchange.getResponseBody();
                out.write(new byte[10]);
                out.flush(); // and the exchange is closed with 990 bytes missing
            }
            case HUGE -> {
                exchange.sendResponseHeaders(200, 1L << 31);
                OutputStream out = exchange.getResponseBody();
                out.write(new byte[1 << 16]);
                out.flush();
            }
            case UPLOADS_REFUSED -> error(exchange, exchange.getRequestMethod().equals("PUT") ? 403 : 404,
                    exchange.getRequestMethod().equals("PUT") ? "AccessDenied" : "NoSuchKey");
            case ENDLESS_LISTING -> listingPage(exchange, "", "token-" + requests.get());
            case LISTING_LOOP -> listingPage(exchange, "<Contents><Key>f/" + "ab".repeat(32) + "</Key><LastModified>"
                    + "2026-01-01T00:00:00.000Z</LastModified><Size>1</Size></Contents>", "the-same-token");
            case UPLOADS_HANG -> {
                if (exchange.getRequestMethod().equals("PUT")) {
                    answer(Fault.NO_ANSWER, exchange);
                } else {
                    error(exchange, 404, "NoSuchKey");
                }
            }
        }
    }

    private static void hostile(HttpExchange exchange) throws IOException {
        byte[] body = HOSTILE_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(500, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void listingPage(HttpExchange exchange, String contents, String nextToken) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult "
                + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>bkt</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>true</IsTruncated><NextContinuationToken>" + nextToken + "</NextContinuationToken>"
                + contents + "</ListBucketResult>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + "</Message></Error>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
