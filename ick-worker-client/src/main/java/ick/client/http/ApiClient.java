package ick.client.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import ick.protocol.Json;
import ick.protocol.Problem;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;

/**
 * Calls the controller's API ({@code {controller}/api/v1}). Paths are given relative to it, e.g.
 * {@code /projects/hello/builds}. Authenticated calls carry the cached token; a 401 gets a fresh token and
 * one retry. Thread-safe.
 *
 * <p>Every call throws {@link ProblemException} for an error status, {@link UnreachableException} when no
 * answer came, and {@link InterruptedException} when the calling thread was interrupted (the request is then
 * abandoned), so that a worker shutting down is never stuck in a long poll.
 *
 * <p>POSTs go over {@link HttpURLConnection} on the caller's own thread, and wait out an interrupt (they take
 * milliseconds); the rest over the JDK {@code HttpClient}. A worker's POSTs (its actions' output, results and
 * heartbeats) are one or more per action: through the {@code HttpClient} each one cost the worker ~1.2 ms of CPU,
 * most of it in the client's own threads, against ~0.3 ms (docs/benchmarks.md).
 */
public final class ApiClient {
    /** The timeout of an ordinary call; long polls give their own. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectReader PROBLEM = Json.mapper().readerFor(Problem.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // RFC 7807 allows extension members

    private final ClientConfig config;
    private final HttpClient http;
    private final StreamingHttp direct;
    private final URI api;
    private TokenSource tokens;

    public ApiClient(ClientConfig config) {
        config.requireController();
        this.config = config;
        this.api = config.apiUrl();
        SSLContext tls = TrustStores.sslContext(config.caFile());
        this.http = httpClient(tls);
        this.direct = new StreamingHttp(tls.getSocketFactory());
    }

    /** The HTTP client of every client of the controller's API: the API's, the blobs', the APT uploads'. */
    static HttpClient httpClient(SSLContext tls) {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                // HTTP/1.1: no h2c upgrade dance with proxies; a long poll holds its own connection anyway
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ClientConfig config() {
        return config;
    }

    /** GET, authenticated; {@code null} on 204. */
    public <T> T get(String path, Class<T> type) throws InterruptedException {
        return read(call("GET", path, null, DEFAULT_TIMEOUT, true), Json.mapper().constructType(type));
    }

    /** GET, authenticated, for generic types such as lists; {@code null} on 204. */
    public <T> T get(String path, TypeReference<T> type) throws InterruptedException {
        return read(call("GET", path, null, DEFAULT_TIMEOUT, true), Json.mapper().constructType(type));
    }

    /** GET with its own timeout, for long polls; {@code null} on 204. */
    public <T> T get(String path, Class<T> type, Duration timeout) throws InterruptedException {
        return read(call("GET", path, null, timeout, true), Json.mapper().constructType(type));
    }

    /** GET without a token, for the public routes. */
    public <T> T getPublic(String path, Class<T> type) throws InterruptedException {
        return read(call("GET", path, null, DEFAULT_TIMEOUT, false), Json.mapper().constructType(type));
    }

    /** POST a JSON body (none if null); the answer read as {@code type}, or {@code null} on 204. */
    public <T> T post(String path, Object body, Class<T> type) throws InterruptedException {
        return read(postDirect(path, body), Json.mapper().constructType(type));
    }

    /** POST a JSON body, any 2xx answer accepted and its body ignored. */
    public void post(String path, Object body) throws InterruptedException {
        postDirect(path, body);
    }

    /** POST a plain-text body (UTF-8), any 2xx answer accepted and its body ignored. */
    public void postText(String path, String text) throws InterruptedException {
        postText(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** POST a plain-text body already in UTF-8, any 2xx answer accepted and its body ignored. */
    public void postText(String path, byte[] utf8) throws InterruptedException {
        postDirect(path, new Text(utf8));
    }

    /** A 2xx answer, read whole. */
    private record Answer(int status, String body, URI uri) {
    }

    /** POSTs over {@link HttpURLConnection}; a 401 gets a fresh token and one retry. */
    private Answer postDirect(String path, Object body) throws InterruptedException {
        URI uri = URI.create(api + path);
        byte[] bytes = body == null ? new byte[0]
                : body instanceof Text text ? text.utf8() : json(body);
        String contentType = body == null ? null : body instanceof Text ? "text/plain; charset=UTF-8" : "application/json";
        String token = tokens().current();
        for (int tries = 1; ; tries++) {
            HttpURLConnection c = null;
            try {
                c = direct.open("POST", uri, token);
                c.setReadTimeout((int) DEFAULT_TIMEOUT.toMillis());
                c.setRequestProperty("Accept", "application/json, application/problem+json, text/plain");
                if (contentType != null) {
                    c.setRequestProperty("Content-Type", contentType);
                }
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
                int status = StreamingHttp.status(c);
                String text = StreamingHttp.text(c, status);
                if (status == 401 && tries == 1) {
                    tokens().invalidate(token);
                    token = tokens().current();
                    continue;
                }
                if (status / 100 != 2) {
                    throw new ProblemException(problem(status, c.getContentType(), text, "POST " + uri.getPath()));
                }
                return new Answer(status, text, uri);
            } catch (IOException e) {
                if (c != null) {
                    c.disconnect();
                }
                throw new UnreachableException(uri, e);
            }
        }
    }

    /** A body sent as {@code text/plain; charset=UTF-8} rather than as JSON. */
    private record Text(byte[] utf8) {
    }

    /**
     * The raw 2xx answer, for calls whose body is not JSON or whose headers matter (the build log).
     *
     * @param body {@code null} for none
     */
    public HttpResponse<String> call(String method, String path, Object body, Duration timeout, boolean authenticated)
            throws InterruptedException {
        URI uri = URI.create(api + path);
        String token = authenticated ? tokens().current() : null;
        HttpResponse<String> response = send(http, request(method, uri, body, timeout, token));
        if (response.statusCode() == 401 && authenticated) {
            tokens().invalidate(token);
            response = send(http, request(method, uri, body, timeout, tokens().current()));
        }
        if (response.statusCode() / 100 != 2) {
            throw new ProblemException(problem(response));
        }
        return response;
    }

    /**
     * An authenticated GET whose answer is read line by line as it arrives (Server-Sent Events): {@code onLine}
     * gets each line; returns true when the server ends the answer, false at once when the server does not
     * answer with {@code accept} (an older controller). Throws like {@link #call} for an error status.
     */
    public boolean streamLines(String path, String accept, java.util.function.Consumer<String> onLine)
            throws InterruptedException {
        URI uri = URI.create(api + path);
        for (int tryNo = 0; ; tryNo++) {
            String token = tokens().current();
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", accept)
                    .header("Authorization", "Bearer " + token).GET().build();
            CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> exchange =
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            HttpResponse<java.util.stream.Stream<String>> response;
            try {
                response = exchange.get();
            } catch (InterruptedException e) {
                exchange.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw new UnreachableException(uri, io);
                }
                throw new IllegalStateException(e.getCause());
            }
            if (response.statusCode() == 401 && tryNo == 0) {
                response.body().close();
                tokens().invalidate(token);
                continue;
            }
            if (response.statusCode() / 100 != 2) {
                String body = response.body().collect(java.util.stream.Collectors.joining("\n"));
                throw new ProblemException(new Problem("about:blank", "GET " + uri.getPath() + " failed",
                        response.statusCode(), body.isBlank() || body.length() > 300 ? null : body, null, null));
            }
            try (java.util.stream.Stream<String> lines = response.body()) {
                if (!response.headers().firstValue("Content-Type").orElse("").startsWith(accept)) {
                    return false;
                }
                lines.forEach(onLine);
            } catch (java.io.UncheckedIOException e) {
                throw new UnreachableException(uri, e.getCause());
            }
            return true;
        }
    }

    /** A new token straight from the token endpoint (not the cached one), for {@code icktool token}. */
    public TokenResponse freshToken() throws InterruptedException {
        return tokens().fetch();
    }

    private synchronized TokenSource tokens() {
        if (tokens == null) {
            config.requireCredentials();
            tokens = TokenSource.of(http, config);
        }
        return tokens;
    }

    private static HttpRequest request(String method, URI uri, Object body, Duration timeout, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json, application/problem+json, text/plain");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else if (body instanceof Text text) {
            builder.header("Content-Type", "text/plain; charset=UTF-8");
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(text.utf8()));
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(json(body)));
        }
        return builder.build();
    }

    /** Sends and waits; an interrupt cancels the exchange instead of leaving it running. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new UnreachableException(request.uri(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(HttpResponse<String> response, JavaType type) {
        return read(new Answer(response.statusCode(), response.body(), response.request().uri()), type);
    }

    private static <T> T read(Answer answer, JavaType type) {
        if (answer.status() == 204 || answer.body() == null || answer.body().isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().readValue(answer.body(), type);
        } catch (JsonProcessingException e) {
            throw new ProblemException(new Problem("about:blank", "the controller's answer cannot be read",
                    502, answer.uri() + ": " + e.getOriginalMessage(), null, null));
        }
    }

    /** The server's problem+json, or one made from the status when the body is something else. */
    static Problem problem(HttpResponse<String> response) {
        return problem(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response.request().method() + " " + response.request().uri().getPath());
    }

    /** The problem an error answer describes, or one made from its status when its body is not one. */
    static Problem problem(int status, String contentType, String body, String request) {
        if (contentType != null
                && (contentType.startsWith("application/problem+json") || contentType.startsWith("application/json"))) {
            try {
                Problem p = PROBLEM.readValue(body);
                if (p.status() == 0) {
                    p = new Problem(p.type(), p.title(), status, p.detail(), p.instance(), p.errors());
                }
                return p;
            } catch (IOException | RuntimeException notAProblem) {
                // fall through: describe it from the status
            }
        }
        String text = body == null ? "" : body.strip();
        String detail = text.isEmpty() || text.length() > 300 || text.startsWith("<") ? null : text;
        return new Problem("about:blank", request + " failed", status, detail, null, null);
    }
}
