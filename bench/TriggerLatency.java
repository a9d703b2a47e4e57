import com.fasterxml.jackson.databind.JsonNode;
import ick.protocol.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Trigger-to-action-start latency: N builds of a one-action (`true`) project, back to back (each triggered
 * as soon as the previous one has ended), against a running ick with one worker.
 *
 *   java -cp .ick/lib/ick-client.jar bench/TriggerLatency.java URL ADMIN_SECRET_FILE [BUILDS] [SERVER_PID]
 *
 * Latency = from sending the trigger request to the moment the worker claimed the build's first action
 * (the action's startedAt, stamped by the controller when it hands the action out). Prints percentiles,
 * builds per second, and the controller's peak resident memory when its pid is given.
 */
public class TriggerLatency {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String url;
    static String token;

    public static void main(String[] args) throws Exception {
        url = args[0];
        String secret = Files.readString(Path.of(args[1])).trim();
        int builds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        String serverPid = args.length > 3 ? args[3] : null;
        token = token("admin", secret);

        send("POST", "/api/v1/make-it-so", """
                {"projects": [{"project": "bench-true", "pipelines": ["just-true"]}],
                 "pipelines": [{"pipeline": "just-true", "actions": [{"shell": "true"}]}]}""");

        for (int i = 0; i < 5; i++) { // warm-up: JIT, connection pools
            runOne();
        }
        List<Double> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < builds; i++) {
            latencies.add(runOne());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Collections.sort(latencies);
        System.out.printf("builds: %d in %.1f s = %.1f builds/s (one worker, each build after the previous ended)%n",
                builds, seconds, builds / seconds);
        System.out.printf("trigger-to-action-start latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), latencies.get(latencies.size() - 1));
        if (serverPid != null) {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmHWM") || line.startsWith("VmRSS")) {
                    System.out.println("controller " + line.replaceAll("\\s+", " "));
                }
            }
        }
    }

    /** Triggers a build, waits for it to end, returns trigger-to-first-action-start in ms. */
    static double runOne() throws Exception {
        Instant sent = Instant.now();
        JsonNode build = send("POST", "/api/v1/projects/bench-true/builds", "");
        String path = "/api/v1/projects/bench-true/builds/" + build.get("number").asLong();
        JsonNode b;
        while (true) {
            b = send("GET", path, null);
            String state = b.get("state").asText();
            if (state.equals("succeeded") || state.equals("failed")) {
                break;
            }
            HTTP.send(request(path + "/log?offset=" + b.get("logSize").asLong() + "&wait=5").GET().build(), BodyHandlers.discarding());
        }
        if (!b.get("state").asText().equals("succeeded")) {
            throw new IllegalStateException("build failed: " + b);
        }
        JsonNode actions = send("GET", path + "/actions", null);
        Instant started = Instant.parse(actions.get(0).get("startedAt").asText());
        return Duration.between(sent, started).toNanos() / 1e6;
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token);
    }

    static JsonNode send(String method, String path, String json) throws Exception {
        HttpRequest.Builder r = request(path).header("Content-Type", "application/json")
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        var response = HTTP.send(r.build(), BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return Json.mapper().readTree(response.body());
    }

    static String token(String id, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials")).build(), BodyHandlers.ofString());
        return Json.mapper().readTree(response.body()).get("access_token").asText();
    }
}
