package ick.client.worker;

import ick.client.http.ApiClient;
import ick.client.http.Backoff;
import ick.client.http.FakeController;
import ick.client.http.FakeController.Reply;
import ick.protocol.ActionResult;
import ick.protocol.Json;
import ick.protocol.ResultBatch;
import ick.protocol.ResultBatchReply;
import ick.protocol.WorkItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link RunAhead} against a controller over real HTTP that is away for a while. */
class RunAheadTest {
    @TempDir
    Path dir;

    FakeController controller;
    volatile boolean down = true;
    List<ResultBatch> taken = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        controller = new FakeController();
        controller.on("POST /api/v1/work/results", call -> {
            if (down) {
                return Reply.problem(503, "Service Unavailable", "the database is away");
            }
            ResultBatch batch = Json.mapper().readValue(call.body(), ResultBatch.class);
            taken.add(batch);
            return Reply.json(200, Json.mapper().writeValueAsString(
                    new ResultBatchReply(batch.results().size(), null, null, null)));
        });
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void whileTheControllerIsAwayOneCallWaitsAndTheResultsArriveOnceWhenItIsBack() throws Exception {
        RunAhead chain = new RunAhead(new ApiClient(controller.config(dir)),
                () -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(50)), 16);
        WorkItem first = new WorkItem(5, "hello/1", "hello", 1, 1, Map.of("shell", "true"), Map.of(), 1);
        assertThat(chain.defer(first, new ActionResult(0, null))).isTrue();
        for (int i = 0; i < 50; i++) {
            chain.claimSoon(); // as a waiting action's heartbeat would, once a second
        }
        Thread.sleep(500);

        long flushing = Thread.getAllStackTraces().keySet().stream().filter(RunAheadTest::inAFlush).count();
        assertThat(flushing).as("threads sending or waiting to send").isLessThanOrEqualTo(2);
        assertThat(controller.calls("POST", "/api/v1/work/results")).as("it was asked, and asked again").isNotEmpty();

        down = false;
        assertThat(chain.finish(false)).isNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertThat(taken).hasSize(1);
        assertThat(taken.get(0).results()).extracting(ResultBatch.Reported::actionId).containsExactly(5L);
    }

    /** A flush thread sending, sleeping out a backoff, or waiting for the chain's lock (not one idle in the pool). */
    private static boolean inAFlush(Thread t) {
        return t.getName().equals("run-ahead-flush") && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(RunAhead.class.getName()));
    }
}
