package ick.client.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A controller over real HTTP for tests: a token endpoint for client {@code tester}/{@code s3cret} that
 * issues {@code token-1}, {@code token-2}..., and API routes answered by handlers the test gives. Every API
 * call is recorded; one without a currently valid token gets 401 as from the real controller.
 */
public final class FakeController implements AutoCloseable {
    public static final String CLIENT = "tester";
    public static final String SECRET = "s3cret";

    /** What a handler answers. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of());
        }

        public static Reply problem(int status, String title, String detail) {
            return new Reply(status, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"" + title
                    + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}", Map.of());
        }

        public static Reply status(int status) {
            return new Reply(status, null, "", Map.of());
        }
    }

    /** One API call as received. */
    public record Call(String method, String path, String query, String token, String body) {
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile long expiresIn = 3600;

    public FakeController() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/token", this::token);
        server.createContext("/api/v1/", this::api);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client configuration for this controller, with the secret written to {@code dir/secret}. */
    public ClientConfig config(Path dir) throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, SECRET + "\n");
        return new ClientConfig(url(), null, CLIENT, secret, null);
    }

    /** @param route e.g. {@code "POST /api/v1/work/7/output"} */
    public FakeController on(String route, Handler handler) {
        routes.put(route, handler);
        return this;
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    public List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** The controller forgets every token it accepted (as after a key rotation): the next call gets 401. */
    public void revokeTokens() {
        validTokens.clear();
    }

    public void tokenLifetime(long seconds) {
        expiresIn = seconds;
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, new Reply(401, "application/json", "{\"error\":\"invalid_client\"}", Map.of()));
        } else if (!form.equals("grant_type=client_credentials")) {
            send(exchange, new Reply(400, "application/json", "{\"error\":\"unsupported_grant_type\"}", Map.of()));
        } else {
            String token = "token-" + tokensIssued.incrementAndGet();
            validTokens.add(token);
            send(exchange, Reply.json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + expiresIn + ",\"scope\":\"uapi_work_get\",\"refresh_expires_in\":0}"));
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), token, body);
        calls.add(call);
        Handler handler = routes.get(call.method() + " " + call.path());
        boolean isPublic = call.path().equals("/api/v1/version");
        try {
            if (!isPublic && (token == null || !validTokens.contains(token))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, Reply.problem(401, "Unauthorized", "no valid token"));
            } else if (handler == null) {
                send(exchange, Reply.problem(404, "Not Found", "no route " + call.method() + " " + call.path()));
            } else {
                send(exchange, handler.handle(call));
            }
        } catch (Exception e) {
            send(exchange, Reply.problem(500, "Internal Server Error", e.toString().replace('"', '\'')));
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        boolean empty = reply.status() == 204 || bytes.length == 0;
        exchange.sendResponseHeaders(reply.status(), empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
