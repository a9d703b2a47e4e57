package ick.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.protocol.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Raw HTTP against the controller, for black-box tests: what a client sends is exactly what the test says. */
public final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String token;

    private Api(String token) {
        this.token = token;
    }

    /** A client acting as the bootstrap admin (every scope). */
    public static Api admin() {
        return new Api(token("admin", TestEnv.adminSecret()));
    }

    /** A client without a token. */
    public static Api anonymous() {
        return new Api(null);
    }

    public static Api withToken(String token) {
        return new Api(token);
    }

    /** Registers (or updates) a client with these scopes and returns an Api acting as it. */
    public static Api client(String id, String secret, List<String> scopes) {
        String body = Json.mapper().createObjectNode().put("secret", secret)
                .set("scopes", Json.mapper().valueToTree(scopes)).toString();
        HttpResponse<String> r = admin().put("/api/v1/clients/" + id, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("registering client " + id + ": " + r.statusCode() + " " + r.body());
        }
        return new Api(token(id, secret));
    }

    public static String token(String clientId, String secret) {
        HttpResponse<String> r = tokenResponse(clientId, secret, "grant_type=client_credentials");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token for " + clientId + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).get("access_token").asText();
    }

    public static HttpResponse<String> tokenResponse(String clientId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString(
                (URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)));
    }

    public String token() {
        return token;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> put(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).method(method, BodyPublishers.ofByteArray(body)));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Triggers a build of {@code project}; its number. */
    public long trigger(String project) {
        HttpResponse<String> r = post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("number").asLong();
    }

    /**
     * As a worker: the next action of {@code project}, waited for up to 30 s; actions of other tests' builds
     * that come first are handed back done (exit 0).
     */
    public JsonNode claimFor(String project) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = get("/api/v1/work?wait=5");
            if (r.statusCode() == 204) {
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode item = json(r);
            if (item.get("project").asText().equals(project)) {
                return item;
            }
            post(workPath(item, "result"), "{\"exitCode\": 0}");
        }
        throw new AssertionError("no action of " + project + " came");
    }

    /** The path of a worker's call about an action it holds: {@code output}, {@code result}... */
    public static String workPath(JsonNode item, String what) {
        return "/api/v1/work/" + item.get("actionId").asLong() + "/" + what + "?attempt=" + item.get("attempt").asInt();
    }

    /** A build's whole log ({@code logPath} ends in /log), asked slice after slice until an answer is empty. */
    public String wholeLog(String logPath) {
        StringBuilder log = new StringBuilder();
        String offset = "0";
        while (true) {
            HttpResponse<String> r = get(logPath + "?offset=" + offset);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            if (r.body().isEmpty()) {
                return log.toString();
            }
            log.append(r.body());
            offset = r.headers().firstValue("Ick-Log-Offset").orElseThrow();
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
