import com.fasterxml.jackson.databind.JsonNode;
import ick.protocol.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ick's benchmarks of issue 4, against a running ick whose workers the caller has started (bench/run does):
 * <pre>
 *   java -cp .ick/lib/ick-client.jar bench/Bench.java URL ADMIN_SECRET_FILE throughput [ACTIONS]
 *   java -cp .ick/lib/ick-client.jar bench/Bench.java URL ADMIN_SECRET_FILE parallel [PIPELINES]
 *   java -cp .ick/lib/ick-client.jar bench/Bench.java URL ADMIN_SECRET_FILE ingest [MIB] [SERVER_PID]
 *   java -cp .ick/lib/ick-client.jar bench/Bench.java URL ADMIN_SECRET_FILE ingest-random [MIB] [SERVER_PID]
 *   java -cp .ick/lib/ick-client.jar bench/Bench.java URL ADMIN_SECRET_FILE cancel [TIMES]
 * </pre>
 * All times are the controller's own stamps (startedAt when a worker claims an action, endedAt when its result
 * arrives), except where a figure says it starts at the client's request.
 */
public class Bench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static String url;
    static String token;
    /** The label the bench workers have (bench/run sets it); every bench pipeline requires it. */
    static final String LABEL = System.getenv().getOrDefault("ICK_BENCH_LABEL", "bench");
    static final String LABELS = "\"labels\": [\"" + LABEL + "\"], ";

    public static void main(String[] args) throws Exception {
        url = args[0];
        token = token("admin", Files.readString(Path.of(args[1])).trim());
        String what = args[2];
        switch (what) {
            case "throughput" -> throughput(args.length > 3 ? Integer.parseInt(args[3]) : 2000);
            case "parallel" -> parallel(args.length > 3 ? Integer.parseInt(args[3]) : 8);
            case "ingest" -> ingest(Printer.REPEATED, args.length > 3 ? Long.parseLong(args[3]) : 1024,
                    args.length > 4 ? args[4] : null);
            case "ingest-random" -> ingest(Printer.RANDOM, args.length > 3 ? Long.parseLong(args[3]) : 1024,
                    args.length > 4 ? args[4] : null);
            case "cancel" -> cancel(args.length > 3 ? Integer.parseInt(args[3]) : 10);
            default -> throw new IllegalArgumentException("unknown benchmark " + what);
        }
    }

    /**
     * ACTIONS trivial actions ({@code true}) as builds of 10 actions spread over 8 projects, all triggered at
     * once: actions per second from the first trigger to the last result, and how long a worker waits between
     * reporting one result and being handed its next action while work is queued (dispatch latency).
     */
    static void throughput(int total) throws Exception {
        int perBuild = 10;
        int projects = 8;
        int builds = total / perBuild;
        StringBuilder file = new StringBuilder("{\"projects\": [");
        for (int p = 1; p <= projects; p++) {
            file.append(p > 1 ? "," : "").append("{\"project\": \"bench-tp-").append(p).append("\", \"pipelines\": [\"ten-true\"]}");
        }
        file.append("], \"pipelines\": [{\"pipeline\": \"ten-true\", " + LABELS + "\"actions\": [");
        for (int i = 0; i < perBuild; i++) {
            file.append(i > 0 ? "," : "").append("{\"shell\": \"true\"}");
        }
        send("POST", "/api/v1/make-it-so", file.append("]}]}").toString());

        long startNanos = System.nanoTime();
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> triggered = new ArrayList<>();
        for (int b = 0; b < builds; b++) {
            String project = "bench-tp-" + (b % projects + 1);
            triggered.add(pool.submit(() -> project + "/" + send("POST", "/api/v1/projects/" + project + "/builds", "").get("number").asLong()));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> f : triggered) {
            ids.add(f.get());
        }
        double triggerSeconds = (System.nanoTime() - startNanos) / 1e9;
        pool.shutdown();

        Instant lastEnd = start;
        List<JsonNode> actions = new ArrayList<>();
        for (String id : ids) {
            JsonNode build = awaitEnd(id, Duration.ofMinutes(10));
            if (!build.get("state").asText().equals("succeeded")) {
                throw new IllegalStateException("build " + id + " " + build.get("state").asText());
            }
        }
        for (String id : ids) {
            JsonNode build = get(buildPath(id));
            Instant ended = Instant.parse(build.get("endedAt").asText());
            lastEnd = ended.isAfter(lastEnd) ? ended : lastEnd;
            get(buildPath(id) + "/actions").forEach(actions::add);
        }
        double seconds = Duration.between(start, lastEnd).toNanos() / 1e9;

        Map<String, List<JsonNode>> byWorker = new HashMap<>();
        for (JsonNode a : actions) {
            byWorker.computeIfAbsent(a.get("worker").asText(), w -> new ArrayList<>()).add(a);
        }
        List<Double> gaps = new ArrayList<>();
        for (List<JsonNode> mine : byWorker.values()) {
            mine.sort((x, y) -> x.get("startedAt").asText().compareTo(y.get("startedAt").asText()));
            for (int i = 1; i < mine.size(); i++) {
                gaps.add(millis(mine.get(i - 1).get("endedAt"), mine.get(i).get("startedAt")));
            }
        }
        List<Double> runs = new ArrayList<>();
        actions.forEach(a -> runs.add(millis(a.get("startedAt"), a.get("endedAt"))));
        Collections.sort(gaps);
        Collections.sort(runs);
        System.out.printf("actions: %d (%d builds x %d, %d projects) on %d workers in %.1f s = %.0f actions/s"
                        + " (triggering all builds took %.1f s)%n",
                actions.size(), builds, perBuild, projects, byWorker.size(), seconds, actions.size() / seconds, triggerSeconds);
        System.out.printf("dispatch latency (a worker's result to its next action, work queued) ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f%n",
                pct(gaps, 50), pct(gaps, 95), pct(gaps, 99), gaps.get(gaps.size() - 1));
        System.out.printf("action claim-to-result (worker runs `true`, sends output and result) ms: p50 %.1f  p99 %.1f%n",
                pct(runs, 50), pct(runs, 99));
        Map<String, Integer> counts = new java.util.TreeMap<>();
        byWorker.forEach((w, l) -> counts.put(w, l.size()));
        System.out.println("actions per worker: " + counts);
    }

    /** One build of PIPELINES independent pipelines ({@code needs: []}, own workspace), each {@code sleep 1}. */
    static void parallel(int pipelines) throws Exception {
        StringBuilder names = new StringBuilder();
        StringBuilder specs = new StringBuilder();
        for (int p = 1; p <= pipelines; p++) {
            names.append(p > 1 ? "," : "").append("\"sleep-").append(p).append("\"");
            specs.append(p > 1 ? "," : "").append("{\"pipeline\": \"sleep-").append(p)
                    .append("\", \"needs\": [], \"workspace\": \"own\", " + LABELS + "\"actions\": [{\"shell\": \"sleep 1\"}]}");
        }
        send("POST", "/api/v1/make-it-so", "{\"projects\": [{\"project\": \"bench-parallel\", \"pipelines\": ["
                + names + "]}], \"pipelines\": [" + specs + "]}");
        List<Double> walls = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            Instant sent = Instant.now();
            long number = send("POST", "/api/v1/projects/bench-parallel/builds", "").get("number").asLong();
            String id = "bench-parallel/" + number;
            JsonNode build = awaitEnd(id, Duration.ofMinutes(2));
            if (!build.get("state").asText().equals("succeeded")) {
                throw new IllegalStateException("build " + id + " " + build.get("state").asText());
            }
            double wall = Duration.between(sent, Instant.parse(build.get("endedAt").asText())).toNanos() / 1e9;
            java.util.Set<String> workers = new java.util.TreeSet<>();
            get(buildPath(id) + "/actions").forEach(a -> workers.add(a.get("worker").asText()));
            System.out.printf("build %s: %d pipelines of `sleep 1`: %.2f s from trigger to end, on workers %s%n",
                    id, pipelines, wall, workers);
            walls.add(wall);
        }
        Collections.sort(walls);
        System.out.printf("wall time, median of 3: %.2f s%n", walls.get(1));
    }

    /** What the ingest action prints, in lines of 100 bytes, and the project it is built in. */
    enum Printer {
        /** One line over and over (compresses ~5000:1 with zstd, like the repetitive part of real build logs). */
        REPEATED("bench-ingest", "yes 'ick ingest benchmark: ninety-nine characters of text per line, newline included ............'"),
        /** Base64 of random bytes: text that compresses least (6 bits of 8 carry information). */
        RANDOM("bench-ingest-random", "base64 -w 99 /dev/urandom");

        final String project;
        final String command;

        Printer(String project, String command) {
            this.project = project;
            this.command = command;
        }
    }

    /** One action printing MIB MiB (lines of 100 bytes): ingest rate and the controller's heap while it runs. */
    static void ingest(Printer printer, long mib, String serverPid) throws Exception {
        long bytes = mib * 1024 * 1024;
        send("POST", "/api/v1/make-it-so", """
                {"projects": [{"project": "%s", "pipelines": ["print"]}],
                 "pipelines": [{"pipeline": "print", %s"actions": [
                   {"shell": "%s | head -c %d"}]}]}"""
                .formatted(printer.project, LABELS, printer.command, bytes));
        HeapSampler heap = serverPid == null ? null : new HeapSampler(serverPid);
        if (heap != null) {
            heap.start();
        }
        Instant sent = Instant.now();
        long number = send("POST", "/api/v1/projects/" + printer.project + "/builds", "").get("number").asLong();
        String id = printer.project + "/" + number;
        JsonNode build = awaitEnd(id, Duration.ofMinutes(30));
        if (heap != null) {
            heap.stop();
        }
        JsonNode actions = get(buildPath(id) + "/actions");
        JsonNode action = actions.get(actions.size() - 1); // the shell action, after the build's create_workspace
        double actionSeconds = millis(action.get("startedAt"), action.get("endedAt")) / 1000;
        double total = Duration.between(sent, Instant.parse(build.get("endedAt").asText())).toNanos() / 1e9;
        System.out.printf("build %s %s: %d MiB of output, log size %d; action start to result %.1f s = %.1f MiB/s"
                        + " (trigger to end %.1f s)%n",
                id, build.get("state").asText(), mib, build.get("logSize").asLong(), actionSeconds, mib / actionSeconds, total);
        if (heap != null) {
            heap.report();
        }
        if (!build.get("state").asText().equals("succeeded")) {
            throw new IllegalStateException("build " + id + " " + build.get("state").asText() + ": see its log");
        }
    }

    /**
     * TIMES builds whose action sleeps (with a child that ignores SIGTERM) are cancelled once running: the
     * time from the cancel request to the build's end (every process stopped and reported).
     */
    static void cancel(int times) throws Exception {
        send("POST", "/api/v1/make-it-so", """
                {"projects": [{"project": "bench-cancel", "pipelines": ["long"]}],
                 "pipelines": [{"pipeline": "long", %s"actions": [
                   {"shell": "(trap '' TERM; sleep 600) & sleep 600"}]}]}""".formatted(LABELS));
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long number = send("POST", "/api/v1/projects/bench-cancel/builds", "").get("number").asLong();
            String id = "bench-cancel/" + number;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // the actions list is empty until the build's batch job has expanded the graph; the first action is
            // the build's create_workspace, the last one the long shell action
            while (!stateOfLastAction(id).equals("building")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("build " + id + " did not start");
                }
                Thread.sleep(50);
            }
            Thread.sleep(500); // the action's processes are up
            Instant sent = Instant.now();
            send("POST", buildPath(id) + "/cancel", "");
            JsonNode build = awaitEnd(id, Duration.ofMinutes(1));
            JsonNode actions = get(buildPath(id) + "/actions");
            JsonNode action = actions.get(actions.size() - 1);
            double ms = Duration.between(sent, Instant.parse(action.get("endedAt").asText())).toNanos() / 1e6;
            latencies.add(ms);
            System.out.printf("build %s: %s, action %s %.0f ms after the cancel request%n", id,
                    build.get("state").asText(), action.get("state").asText(), ms);
        }
        Collections.sort(latencies);
        System.out.printf("cancel latency (request to the action's reported end) ms: p50 %.0f  max %.0f%n",
                pct(latencies, 50), latencies.get(latencies.size() - 1));
    }

    /** Samples the controller's heap (jcmd GC.heap_info) twice a second; a full GC before and after. */
    static final class HeapSampler {
        private final String pid;
        private final AtomicLong peak = new AtomicLong();
        private long before;
        private long after;
        private Thread thread;
        private volatile boolean running = true;

        HeapSampler(String pid) {
            this.pid = pid;
        }

        void start() throws Exception {
            jcmd("GC.run");
            before = usedKiB();
            peak.set(before);
            thread = new Thread(() -> {
                while (running) {
                    try {
                        peak.accumulateAndGet(usedKiB(), Math::max);
                        Thread.sleep(500);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        void stop() throws Exception {
            running = false;
            thread.join();
            jcmd("GC.run");
            after = usedKiB();
        }

        void report() {
            System.out.printf("controller heap used (jcmd GC.heap_info): %d MiB after a full GC before, peak %d MiB"
                            + " during (+%d MiB, garbage included), %d MiB after a full GC after (+%d MiB)%n",
                    before / 1024, peak.get() / 1024, (peak.get() - before) / 1024, after / 1024, (after - before) / 1024);
        }

        long usedKiB() throws Exception {
            Matcher m = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
            if (!m.find()) {
                throw new IllegalStateException("no heap figures from jcmd " + pid);
            }
            return Long.parseLong(m.group(1));
        }

        String jcmd(String command) throws Exception {
            Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        }
    }

    static String stateOfLastAction(String id) throws Exception {
        JsonNode actions = get(buildPath(id) + "/actions");
        return actions == null || actions.isEmpty() ? "" : actions.get(actions.size() - 1).get("state").asText();
    }

    static String buildPath(String id) {
        int slash = id.indexOf('/');
        return "/api/v1/projects/" + id.substring(0, slash) + "/builds/" + id.substring(slash + 1);
    }

    static JsonNode awaitEnd(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode b = get(buildPath(id));
            if (b.hasNonNull("endedAt")) {
                return b;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("build " + id + " did not end within " + timeout + ": " + b);
            }
            Thread.sleep(100);
        }
    }

    static double millis(JsonNode from, JsonNode to) {
        return Duration.between(Instant.parse(from.asText()), Instant.parse(to.asText())).toNanos() / 1e6;
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    static JsonNode get(String path) throws Exception {
        return send("GET", path, null);
    }

    static JsonNode send(String method, String path, String json) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(r.build(), BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? null : Json.mapper().readTree(response.body());
    }

    static String token(String id, String secret) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("grant_type=client_credentials")).build(), BodyHandlers.ofString());
        return Json.mapper().readTree(response.body()).get("access_token").asText();
    }
}
