package io.mppfc.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A real S3 server seen through a loopback HTTP relay that answers reads of one object with HTTP
 * 500 (an S3 InternalError) and passes every other request through unchanged, its Host header
 * included, so that the server checks the client's own signatures. For the S3 module's tests and
 * the command line's.
 */
public final class FailingOneObject implements AutoCloseable {

    static {
        // the relay repeats the client's Host header, which the client's signature covers
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private static final Set<String> NOT_REPEATED = Set.of("connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    /** What S3 answers to a request it failed. */
    public static final String INTERNAL_ERROR = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code>"
            + "<Message>We encountered an internal error. Please try again.</Message></Error>";

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param target the real server
     * @param failing the end of the request path of the object whose reads fail
     */
    public FailingOneObject(URI target, String failing) throws IOException {
        this(target, failing, INTERNAL_ERROR);
    }

    /**
     * @param target the real server
     * @param failing the end of the request path of the object whose reads fail
     * @param error the body of the HTTP 500 answer
     */
    public FailingOneObject(URI target, String failing, String error) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "failing-one-object");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().getPath().endsWith(failing)) {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = error.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(500, body.length);
                    exchange.getResponseBody().write(body);
                } else {
                    relay(target, exchange);
                }
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    /** Where the relay listens. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void relay(URI target, HttpExchange exchange) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!NOT_REPEATED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
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
        response.headers().map().forEach((name, values) -> {
            if (!NOT_REPEATED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        byte[] body = response.body();
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.statusCode(), head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
