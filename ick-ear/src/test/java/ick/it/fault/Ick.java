package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.TestEnv;
import ick.protocol.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** Raw HTTP against one controller of a fault test (ick.it.Api is bound to the Arquillian server's URL). */
public final class Ick {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public final String url;
    private final String token;

    private Ick(String url, String token) {
        this.url = url;
        this.token = token;
    }

    public static Ick admin(String url) {
        return as(url, "admin", TestEnv.adminSecret());
    }

    public static Ick as(String url, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials")));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token for " + clientId + ": " + r.statusCode() + " " + r.body());
        }
        return new Ick(url, json(r).get("access_token").asText());
    }

    /** The same client's token, against another controller (they share the signing key). */
    public Ick at(String otherUrl) {
        return new Ick(otherUrl, token);
    }

    public void registerClient(String id, String secret, List<String> scopes) {
        String body = Json.mapper().createObjectNode().put("secret", secret)
                .set("scopes", Json.mapper().valueToTree(scopes)).toString();
        HttpResponse<String> r = put("/api/v1/clients/" + id, body);
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException("registering client " + id + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Applies a project file given as JSON; fails the test unless 200. */
    public JsonNode makeItSo(String json) {
        return ok(post("/api/v1/make-it-so", json));
    }

    /** Triggers a build of {@code project}; returns its number. */
    public long trigger(String project) {
        return ok(post("/api/v1/projects/" + project + "/builds", "")).get("number").asLong();
    }

    public JsonNode build(String project, long number) {
        return ok(get("/api/v1/projects/" + project + "/builds/" + number));
    }

    public JsonNode actions(String project, long number) {
        return ok(get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
    }

    /** The whole stored log of a build, asked for slice after slice (about 1 MiB each) until one is empty. */
    public String log(String project, long number) {
        StringBuilder log = new StringBuilder();
        String offset = "0";
        while (true) {
            HttpResponse<String> r = get("/api/v1/projects/" + project + "/builds/" + number + "/log?offset=" + offset);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("log: " + r.statusCode() + " " + r.body());
            }
            if (r.body().isEmpty()) {
                return log.toString();
            }
            log.append(r.body());
            offset = r.headers().firstValue("Ick-Log-Offset").orElseThrow();
        }
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

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode()
                    + " " + r.body());
        }
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** Waits (up to {@code timeout}) until the build has ended; returns it. */
    public JsonNode awaitEnd(String project, long number, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode b = null;
        while (System.nanoTime() < deadline) {
            try {
                b = build(project, number);
                if (b.get("endedAt") != null && !b.get("endedAt").isNull()) {
                    return b;
                }
            } catch (IllegalStateException e) {
                b = null; // the controller may be restarting
            }
            ControllerProcess.sleep(300);
        }
        throw new AssertionError("build " + project + "/" + number + " did not end within " + timeout + ": " + b);
    }
}
