package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.Backoff;
import ick.client.http.FakeController;
import ick.client.http.FakeController.Reply;
import ick.protocol.ActionResult;
import ick.protocol.Json;
import ick.protocol.OutputChunk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
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

    @Test
    void chunksAreDeliveredInOrderThrough503sAndOnlyResentWhole() throws Exception {
        List<Long> received = new CopyOnWriteArrayList<>();
        Map<Long, String> stored = new ConcurrentSkipListMap<>();
        AtomicInteger calls = new AtomicInteger();
        controller.on("POST /api/v1/work/7/output", call -> {
            OutputChunk chunk = Json.mapper().readValue(call.body(), OutputChunk.class);
            received.add(chunk.seq());
            int n = calls.incrementAndGet();
            if (n % 3 == 1) {
                return Reply.problem(503, "Service Unavailable", "restarting");
            }
            stored.putIfAbsent(chunk.seq(), chunk.data()); // as the controller: a known seq is ignored
            return n % 3 == 2 ? Reply.status(503) : Reply.status(204); // stored, but the answer is lost
        });
        List<String> results = new CopyOnWriteArrayList<>();
        controller.on("POST /api/v1/work/7/result", call -> {
            results.add(call.body());
            return stored.size() == 20 ? Reply.status(204) : Reply.problem(500, "missing output", "");
        });

        ActionReporter reporter = ActionReporter.start(api, 7, FAST, () -> { });
        for (int seq = 0; seq < 20; seq++) {
            reporter.send(new OutputChunk(seq, "line " + seq + "\n"));
        }

        assertThat(reporter.finish(new ActionResult(0, null))).isTrue();

        assertThat(stored.keySet()).containsExactly(
                0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
        assertThat(stored.get(13L)).isEqualTo("line 13\n");
        assertThat(received).as("each chunk is sent until it is known delivered, never out of order").isSorted();
        assertThat(received).hasSizeGreaterThan(20);
        assertThat(results).containsExactly("{\"exitCode\":0}");
    }

    @Test
    void conflictStopsAllOutputOnTheActionButItsEndIsStillSaidOnce() throws Exception {
        controller.on("POST /api/v1/work/8/output", call -> Reply.problem(409, "Conflict", "not yours"));
        controller.on("POST /api/v1/work/8/result", call -> Reply.status(204));
        AtomicBoolean gone = new AtomicBoolean();

        ActionReporter reporter = ActionReporter.start(api, 8, FAST, () -> gone.set(true));
        reporter.send(new OutputChunk(0, "a"));
        reporter.send(new OutputChunk(1, "b"));

        assertThat(reporter.finish(new ActionResult(0, null))).isFalse();
        assertThat(gone).isTrue();
        assertThat(reporter.isGone()).isTrue();
        assertThat(controller.calls("POST", "/api/v1/work/8/output")).hasSize(1);
        // a cancelled action's worker says once how it ended (the controller logs it, or answers 409 again)
        assertThat(controller.calls("POST", "/api/v1/work/8/result")).hasSize(1);
    }
}
