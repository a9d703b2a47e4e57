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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker running a chain of actions ahead ({@link WorkItem#ahead()}) against a controller over real HTTP. */
class WorkerRunAheadTest {
    @TempDir
    Path dir;

    FakeController controller;
    Worker worker;
    BlockingQueue<ResultBatch> batches = new LinkedBlockingQueue<>();
    BlockingQueue<ActionResult> singles = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
        controller.on("POST /api/v1/workers", call -> Reply.json(200,
                "{\"name\":\"tester\",\"labels\":[],\"registeredAt\":\"2026-01-01T00:00:00Z\"}"));
        ApiClient api = new ApiClient(controller.config(dir));
        worker = new Worker(api, dir.resolve("workspaces"), List.of(),
                () -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void aChainOfShortActionsIsReportedInOneCall() throws Exception {
        serve(chain("echo one", "echo two", "echo three"));
        acceptBatches();
        CompletableFuture<Boolean> loop = runWorker();

        ResultBatch batch = batches.poll(20, TimeUnit.SECONDS);
        worker.shutdown();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(batch.results()).extracting(ResultBatch.Reported::actionId).containsExactly(5L, 6L, 7L);
        assertThat(batch.results()).extracting(ResultBatch.Reported::attempt).containsExactly(1, 1, 1);
        assertThat(batch.results()).extracting(r -> r.result().output().get(0).data())
                .containsExactly("+ echo one\none\n", "+ echo two\ntwo\n", "+ echo three\nthree\n");
        assertThat(batch.running()).isNull();
        assertThat(controller.calls("POST", "/api/v1/work/results")).hasSize(1)
                .first().extracting(FakeController.Call::query).isEqualTo("ahead=16&next=true");
        assertThat(controller.calls().stream().map(FakeController.Call::path))
                .noneMatch(p -> p.matches("/api/v1/work/[0-9]+/(result|output|heartbeat)"));
    }

    @Test
    void aFailedActionEndsTheChainAndTheActionsAfterItNeverRun() throws Exception {
        Path marker = dir.resolve("ran");
        serve(chain("true", "exit 3", "touch " + marker));
        acceptBatches();
        CompletableFuture<Boolean> loop = runWorker();

        ResultBatch batch = batches.poll(20, TimeUnit.SECONDS);
        worker.shutdown();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(batch.results()).extracting(r -> r.result().exitCode()).containsExactly(0, 3);
        assertThat(marker).doesNotExist();
    }

    @Test
    void anActionAheadIsNamedToTheControllerBeforeItReportsAnything() throws Exception {
        serve(chain("true", "echo long; sleep 2.5"));
        AtomicInteger heartbeats = new AtomicInteger();
        controller.on("POST /api/v1/work/6/heartbeat", call -> {
            heartbeats.incrementAndGet();
            return Reply.json(200, "{\"state\":\"building\"}");
        });
        controller.on("POST /api/v1/work/6/result", call -> {
            singles.add(Json.mapper().readValue(call.body(), ActionResult.class));
            return Reply.status(204);
        });
        acceptBatches();
        CompletableFuture<Boolean> loop = runWorker();

        ResultBatch first = batches.poll(20, TimeUnit.SECONDS);
        ActionResult second = singles.poll(20, TimeUnit.SECONDS);
        worker.shutdown();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();

        assertThat(first.results()).extracting(ResultBatch.Reported::actionId).containsExactly(5L);
        assertThat(first.running()).isEqualTo(new ResultBatch.Started(6, 1));
        assertThat(second.exitCode()).isZero();
        assertThat(heartbeats.get()).as("the long action's lease was renewed").isPositive();
        List<String> calls = controller.calls().stream().map(c -> c.method() + " " + c.path()).toList();
        assertThat(calls.indexOf("POST /api/v1/work/results"))
                .as("no report on action 6 before the call that names it: " + calls)
                .isLessThan(calls.indexOf("POST /api/v1/work/6/heartbeat"))
                .isLessThan(calls.indexOf("POST /api/v1/work/6/result"));
    }

    @Test
    void anActionAheadThatTheControllerRefusesIsStopped() throws Exception {
        Path pid = dir.resolve("pid");
        String marker = "ick-test-marker-" + System.nanoTime(); // $$ is a pid of the action's PID namespace
        serve(chain("true", "bash -c 'echo $$ > " + pid + "; sleep 60' " + marker));
        controller.on("POST /api/v1/work/results", call -> {
            batches.add(Json.mapper().readValue(call.body(), ResultBatch.class));
            return Reply.json(200, Json.mapper().writeValueAsString(
                    new ResultBatchReply(1, 6L, "action 2 of build hello/5 is cancelled", null)));
        });
        controller.on("POST /api/v1/work/6/result", call -> {
            singles.add(Json.mapper().readValue(call.body(), ActionResult.class));
            return Reply.status(204);
        });
        CompletableFuture<Boolean> loop = runWorker();

        assertThat(batches.poll(20, TimeUnit.SECONDS).running()).isEqualTo(new ResultBatch.Started(6, 1));
        ActionResult stopped = singles.poll(10, TimeUnit.SECONDS);
        assertThat(stopped).as("the refused action was stopped and said so").isNotNull();
        assertThat(stopped.exitCode()).isNotZero();
        assertThat(stopped.message()).contains("did not give this action", "cancelled");
        assertThat(Files.readString(pid)).as("the shell started").isNotBlank();
        assertThat(Processes.withArgument(marker)).as("the shell left running").isEmpty();
        worker.shutdown();
        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Work items 5, 6, 7... of build hello/5, one per command, the first with the others ahead of it. */
    private static WorkItem chain(String... commands) {
        List<WorkItem> items = new ArrayList<>();
        for (int i = 0; i < commands.length; i++) {
            items.add(new WorkItem(5 + i, "hello/5", "hello", 5, 1 + i, Map.of("shell", commands[i]), Map.of(), 1));
        }
        return items.get(0).withAhead(items.subList(1, items.size()));
    }

    private void acceptBatches() {
        controller.on("POST /api/v1/work/results", call -> {
            ResultBatch batch = Json.mapper().readValue(call.body(), ResultBatch.class);
            batches.add(batch);
            return Reply.json(200, Json.mapper().writeValueAsString(
                    new ResultBatchReply(batch.results().size(), null, null, null)));
        });
    }

    private void serve(WorkItem item) {
        WorkerLoop.serve(controller, item);
    }

    private CompletableFuture<Boolean> runWorker() {
        return WorkerLoop.run(worker);
    }
}
