package io.mppfc.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server behind a loopback HTTP relay that lies as a test tells it to: each request is
 * passed on (its Host header included, so the server checks the client's own signatures), and
 * the {@link Lie} may change the request before and the answer after, or write the answer slowly.
 */
final class LyingRelay implements AutoCloseable {

    static {
        // the relay repeats the client's Host header, which the client's signature covers
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final Set<String> NOT_REPEATED = Set.of("connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** A request as the client sent it: its path raw (as it is passed on) and decoded. */
    record Request(String method, String path, String decodedPath, String query, Map<String, List<String>> headers) {

        /** Whether it reads the object {@code object} (a bucket's key), whole or in a range. */
        boolean isGetOf(String object) {
            return method.equals("GET") && decodedPath.endsWith("/" + object) && query == null;
        }

        boolean isListing() {
            return method.equals("GET") && query != null && query.contains("list-type=2");
        }
    }

    /**
     * An answer: its status, headers and body; the body is sent {@code drip} apart byte by byte
     * when that is not zero, and under a Content-Length of {@code declared}.
     */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, long declared, Duration drip) {

        Answer withBody(byte[] other) {
            return new Answer(status, headers, other, other.length, drip);
        }

        /** This answer as a server that ignores a Range gives it: 200 and the whole object. */
        Answer whole(byte[] object) {
            Map<String, List<String>> kept = new LinkedHashMap<>(headers);
            kept.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Range"));
            return new Answer(200, kept, object, object.length, drip);
        }

        /** This answer's body sent again and again without end, chunked, with no length declared. */
        Answer endless() {
            return new Answer(status, headers, body, ENDLESS, drip);
        }

        Answer dripping(Duration pause) {
            return new Answer(status, headers, body, declared, pause);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What the relay does with a request; {@code server} answers it truly. */
    @FunctionalInterface
    interface Lie {
        Answer answer(Request request, Server server) throws IOException;
    }

    /** The real server behind the relay. */
    @FunctionalInterface
    interface Server {
        Answer ask(Request request) throws IOException;
    }

    /** The declared length of an {@link Answer#endless()} body. */
    private static final long ENDLESS = -1;

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final CountDownLatch closing = new CountDownLatch(1);

    LyingRelay(URI target, Lie lie) throws IOException {
        this(target, request -> Duration.ZERO, lie);
    }

    /**
     * A relay that also reads the bodies of some requests a byte at a time, {@code readDrip}
     * apart (zero: at once): a store that takes an upload slower than any link.
     */
    LyingRelay(URI target, java.util.function.Function<Request, Duration> readDrip, Lie lie) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "lying-relay");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                URI uri = exchange.getRequestURI();
                Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getPath(), uri.getRawQuery(),
                        exchange.getRequestHeaders());
                byte[] requestBody = read(exchange.getRequestBody(), readDrip.apply(request));
                send(exchange, lie.answer(request, asked -> relay(target, asked, requestBody)));
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    /** The request's body, read at once or a byte at a time {@code drip} apart (until the relay closes). */
    private byte[] read(java.io.InputStream body, Duration drip) throws IOException {
        if (drip.isZero()) {
            return body.readAllBytes();
        }
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        for (int b; (b = body.read()) >= 0;) {
            read.write(b);
            try {
                if (closing.await(drip.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IOException("the relay closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
        }
        return read.toByteArray();
    }

    /** Where the relay listens. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private Answer relay(URI target, Request asked, byte[] requestBody) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(asked.path()
                + (asked.query() == null ? "" : "?" + asked.query())))
                .method(asked.method(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, List<String>> header : asked.headers().entrySet()) {
            if (!NOT_REPEATED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!NOT_REPEATED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        return new Answer(response.statusCode(), headers, response.body(), response.body().length, Duration.ZERO);
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, values) -> values.forEach(v -> exchange.getResponseHeaders().add(name, v)));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (answer.declared() == ENDLESS && !head) {
            exchange.getResponseHeaders().remove("Content-Length");
            exchange.sendResponseHeaders(answer.status(), 0); // chunked
            OutputStream out = exchange.getResponseBody();
            while (closing.getCount() > 0) {
                out.write(answer.body()); // until the client goes away (an IOException) or the relay closes
            }
            return;
        }
        exchange.sendResponseHeaders(answer.status(), head || answer.declared() == 0 ? -1 : answer.declared());
        if (head) {
            return;
        }
        OutputStream out = exchange.getResponseBody();
        if (answer.drip().isZero()) {
            out.write(answer.body());
            return;
        }
        for (byte b : answer.body()) {
            out.write(b);
            out.flush();
            try {
                if (closing.await(answer.drip().toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
