package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.Backoff;
import ick.client.http.FakeController;
import ick.client.http.FakeController.Reply;
import ick.protocol.ActionResult;
import ick.protocol.Json;
import ick.protocol.OutputChunk;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class ActionReporterTest {
    private static final Supplier<Backoff> FAST = () -> new Backoff(Duration.ofMillis(5), Duration.ofMillis(40));

    @TempDir
    Path dir;

    FakeController controller;
    ApiClient api;

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
        api = new ApiClient(controller.config(dir));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    /** The controller's rules for storing output: by seq, once; text or JSON calls, or with the result. */
    static final class Store {
        final Map<Long, String> chunks = new ConcurrentSkipListMap<>();

        void text(FakeController.Call call) {
            chunks.putIfAbsent(seq(call.query()), call.body());
        }

        void json(FakeController.Call call) throws Exception {
            OutputChunk chunk = Json.mapper().readValue(call.body(), OutputChunk.class);
            chunks.putIfAbsent(chunk.seq(), chunk.data());
        }

        ActionResult result(FakeController.Call call) throws Exception {
            ActionResult result = Json.mapper().readValue(call.body(), ActionResult.class);
            if (result.output() != null) {
                result.output().forEach(c -> chunks.putIfAbsent(c.seq(), c.data()));
            }
            return result;
        }

        String text() {
            return String.join("", chunks.values());
        }

        static long seq(String query) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("seq=")) {
                    return Long.parseLong(pair.substring(4));
                }
            }
            throw new AssertionError("no seq in " + query);
        }
    }

    @Test
    void chunksAreDeliveredInOrderThrough503sAndOnlyResentWhole() throws Exception {
        Store store = new Store();
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        controller.on("POST /api/v1/work/7/output", call -> {
            sent.add(call.query() + " " + call.body());
            int n = calls.incrementAndGet();
            if (n % 3 == 1) {
                return Reply.problem(503, "Service Unavailable", "restarting");
            }
            store.text(call); // as the controller: a known seq is ignored
            return n % 3 == 2 ? Reply.status(503) : Reply.status(204); // stored, but the answer is lost
        });
        List<String> results = new CopyOnWriteArrayList<>();
        StringBuilder expected = new StringBuilder();
        controller.on("POST /api/v1/work/7/result", call -> {
            results.add(call.body());
            store.result(call);
            return store.text().equals(expected.toString()) ? Reply.status(204) : Reply.problem(500, "missing output", "");
        });

        ActionReporter reporter = ActionReporter.start(api, 7, FAST, () -> { });
        for (int seq = 0; seq < 20; seq++) {
            expected.append("line ").append(seq).append('\n');
            reporter.send(Utf8Chunk.of(seq, "line " + seq + "\n"));
            Thread.sleep(seq % 5 == 0 ? 30 : 0); // calls of one chunk and of several queued ones
        }

        assertThat(reporter.finish(new ActionResult(0, null))).isTrue();

        assertThat(store.text()).isEqualTo(expected.toString());
        List<Long> seqs = sent.stream().map(s -> Store.seq(s.substring(0, s.indexOf(' ')))).toList();
        assertThat(seqs).as("each call is sent until it is known delivered, never out of order").isSorted();
        for (int i = 1; i < sent.size(); i++) {
            if (seqs.get(i).equals(seqs.get(i - 1))) {
                assertThat(sent.get(i)).as("a call sent again is sent whole, as it was").isEqualTo(sent.get(i - 1));
            }
        }
        assertThat(Json.mapper().readValue(results.get(results.size() - 1), ActionResult.class).exitCode()).isZero();
    }

    @Test
    void queuedChunksTravelAsOneCallAndTheRestWithTheResult() throws Exception {
        Store store = new Store();
        CountDownLatch release = new CountDownLatch(1);
        controller.on("POST /api/v1/work/9/output", call -> {
            release.await(10, TimeUnit.SECONDS); // the first call is slow: what comes meanwhile piles up
            store.text(call);
            return Reply.status(204);
        });
        List<ActionResult> results = new CopyOnWriteArrayList<>();
        controller.on("POST /api/v1/work/9/result", call -> {
            results.add(store.result(call));
            return Reply.status(204);
        });

        ActionReporter reporter = ActionReporter.start(api, 9, FAST, () -> { });
        reporter.send(Utf8Chunk.of(0, "first\n"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (controller.calls("POST", "/api/v1/work/9/output").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (int seq = 1; seq <= 100; seq++) {
            reporter.send(Utf8Chunk.of(seq, "x".repeat(60 * 1024) + "\n"));
        }
        reporter.send(Utf8Chunk.of(101, "last\n"));
        release.countDown();

        assertThat(reporter.finish(new ActionResult(0, null, List.of(new OutputChunk(102, "after\n"))))).isTrue();

        List<FakeController.Call> outputCalls = controller.calls("POST", "/api/v1/work/9/output");
        assertThat(outputCalls).extracting(FakeController.Call::query).first().isEqualTo("seq=0");
        assertThat(outputCalls).as("up to 4 MiB a call").hasSizeBetween(3, 4);
        assertThat(outputCalls).allSatisfy(c -> assertThat(c.body().length()).isLessThanOrEqualTo(4 * 1024 * 1024));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).output()).as("what was left went with the result, as one chunk").hasSize(1);
        assertThat(store.text()).startsWith("first\nxxx").endsWith("x\nlast\nafter\n")
                .hasSize(6 + 100 * (60 * 1024 + 1) + 5 + 6);
    }

    @Test
    void anOlderControllerGetsChunksAsJsonAndTheResultWithoutOutput() throws Exception {
        Store store = new Store();
        controller.on("POST /api/v1/work/10/output", call -> {
            if (call.query() != null && call.query().contains("seq=")) {
                return Reply.problem(415, "Unsupported Media Type", "no text here");
            }
            store.json(call);
            return Reply.status(204);
        });
        controller.on("POST /api/v1/work/10/result", call -> {
            if (call.body().contains("output")) {
                return Reply.problem(400, "Bad Request", "Unrecognized field \\\"output\\\"");
            }
            store.result(call);
            return Reply.status(204);
        });
        ControllerFeatures features = new ControllerFeatures();

        ActionReporter reporter = ActionReporter.start(api, 10, 0, FAST, () -> { }, features, () -> true);
        reporter.send(Utf8Chunk.of(0, "one\n"));
        reporter.send(Utf8Chunk.of(1, "two\n"));
        assertThat(reporter.finish(new ActionResult(0, null, List.of(new OutputChunk(2, "three\n"))))).isTrue();

        assertThat(store.text()).isEqualTo("one\ntwo\nthree\n");
        assertThat(features.textOutput).isFalse();
        assertThat(features.outputInResult).isFalse();
        assertThat(controller.calls("POST", "/api/v1/work/10/result")).last()
                .satisfies(c -> assertThat(c.body()).isEqualTo("{\"exitCode\":0}"));
    }

    @Test
    void theResultAsksForTheNextActionAndReturnsIt() throws Exception {
        controller.on("POST /api/v1/work/11/result", call -> Reply.json(200, Json.mapper().writeValueAsString(
                new WorkItem(12, "p/1", "p", 1, 2, Map.of("shell", "true"), Map.of(), 1))));

        ActionReporter reporter = ActionReporter.start(api, 11, 3, FAST, () -> { }, new ControllerFeatures(), () -> true);
        assertThat(reporter.finish(new ActionResult(0, null))).isTrue();

        assertThat(reporter.next().actionId()).isEqualTo(12);
        assertThat(controller.calls("POST", "/api/v1/work/11/result").get(0).query()).isEqualTo("attempt=3&next=true");
    }

    @Test
    void aResultWithNoOutputAheadIsSentByTheCallerWithoutAReportingThread() throws Exception {
        AtomicBoolean reportingThreadAlive = new AtomicBoolean(true);
        controller.on("POST /api/v1/work/13/result", call -> {
            reportingThreadAlive.set(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("report-action-13")));
            return Reply.status(204);
        });

        ActionReporter reporter = ActionReporter.start(api, 13, FAST, () -> { });
        assertThat(reporter.finish(new ActionResult(0, null, List.of(new OutputChunk(0, "+ true\n"))))).isTrue();

        assertThat(reportingThreadAlive).as("a short action costs no thread hand-off").isFalse();
        assertThat(controller.calls("POST", "/api/v1/work/13/result")).hasSize(1);
    }

    @Test
    void conflictStopsAllOutputOnTheActionButItsEndIsStillSaidOnce() throws Exception {
        controller.on("POST /api/v1/work/8/output", call -> Reply.problem(409, "Conflict", "not yours"));
        controller.on("POST /api/v1/work/8/result", call -> Reply.status(204));
        AtomicBoolean gone = new AtomicBoolean();

        ActionReporter reporter = ActionReporter.start(api, 8, FAST, () -> gone.set(true));
        reporter.send(Utf8Chunk.of(0, "a"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gone.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        reporter.send(Utf8Chunk.of(1, "b"));

        assertThat(reporter.finish(new ActionResult(0, null))).isFalse();
        assertThat(gone).isTrue();
        assertThat(reporter.isGone()).isTrue();
        assertThat(controller.calls("POST", "/api/v1/work/8/output")).hasSize(1);
        // a cancelled action's worker says once how it ended (the controller logs it, or answers 409 again)
        assertThat(controller.calls("POST", "/api/v1/work/8/result")).hasSize(1)
                .allSatisfy(c -> assertThat(c.body()).isEqualTo("{\"exitCode\":0}"));
    }
}
