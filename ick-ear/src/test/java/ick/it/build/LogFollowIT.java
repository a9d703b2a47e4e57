package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Following a build's log as Server-Sent Events while the test plays the worker over HTTP: each chunk the
 * worker posts reaches the follower live, while the action runs, and the median chunk within 200 ms. The
 * slowest chunk is not held to 200 ms here: on a loaded 2-core machine the worker's POST alone took up to
 * 300 ms at a load average of 16-19 (docs/benchmarks.md has the latencies measured on a quiet machine).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LogFollowIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post", "uapi_work_id_heartbeat_post");
    private static final int CHUNKS = 10;

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "follow-" + id;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    /** A line of the event stream and when it arrived. */
    private record Arrival(String line, long nanos) {
    }

    @Test
    void eachChunkReachesAnEventStreamFollowerLiveTheMedianWithin200Ms() throws Exception {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"p-" + id + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"p-" + id + "\", \"actions\": [{\"shell\": \"echo hi\"}]}]}";
        assertThat(admin.post("/api/v1/make-it-so", file).statusCode()).isEqualTo(200);
        Api worker = Api.client("follow-w-" + id, "secret-follow-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": []}").statusCode()).isEqualTo(200);
        HttpResponse<String> triggered = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(201);
        long number = Api.json(triggered).get("number").asLong();
        JsonNode workspace = worker.claimFor(project);
        assertThat(worker.post(Api.workPath(workspace, "result"), "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        JsonNode action = worker.claimFor(project);

        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        HttpRequest follow = admin.request("/api/v1/projects/" + project + "/builds/" + number + "/log")
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HttpClient.newHttpClient()
                .sendAsync(follow, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> stream = response.get(30, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        Thread reader = new Thread(() -> stream.body().forEach(l -> arrivals.add(new Arrival(l, System.nanoTime()))));
        reader.setDaemon(true);
        reader.start();
        awaitLine(arrivals, "started on", 10_000);   // the log so far has come

        List<Long> millis = new ArrayList<>();
        List<Long> afterAnswer = new ArrayList<>();
        for (int seq = 0; seq < CHUNKS; seq++) {
            String marker = "marker-" + seq + "-" + id;
            long sent = System.nanoTime();
            HttpResponse<String> posted = worker.post(Api.workPath(action, "output"),
                    "{\"seq\": " + seq + ", \"data\": \"" + marker + "\\n\"}");
            long answered = System.nanoTime();
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(204);
            Arrival arrival = awaitLine(arrivals, marker, 5_000);
            millis.add((arrival.nanos() - sent) / 1_000_000);
            afterAnswer.add(Math.max(0, arrival.nanos() - answered) / 1_000_000);
        }
        worker.post(Api.workPath(action, "result"), "{\"exitCode\": 0}");
        Arrival end = awaitLine(arrivals, "event: end", 30_000);
        assertThat(end).isNotNull();
        System.out.println("SSE latency, chunk posted -> event received (ms): " + millis
                + ", max " + millis.stream().mapToLong(Long::longValue).max().orElseThrow()
                + "; of which after the POST was answered: " + afterAnswer);
        assertThat(millis).allSatisfy(ms -> assertThat(ms).as("live: long before the action ends").isLessThan(2_000));
        List<Long> sorted = millis.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("median latency (ms) of " + millis).isLessThan(200);
    }

    /** The first line (from now on) containing {@code text}. */
    private static Arrival awaitLine(BlockingQueue<Arrival> arrivals, String text, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            Arrival a = arrivals.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (a != null && a.line().contains(text)) {
                return a;
            }
        }
        throw new AssertionError("no event with " + text + " within " + timeoutMillis + " ms");
    }
}
