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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole worker loop against a controller over real HTTP. */
class WorkerTest {
    @TempDir
    Path dir;

    FakeController controller;
    Worker worker;
    BlockingQueue<ActionResult> results = new LinkedBlockingQueue<>();
    /** Every result received, kept (results is drained by the tests). */
    List<ActionResult> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        controller = new FakeController();
        controller.on("POST /api/v1/workers", call -> Reply.json(200,
                "{\"name\":\"tester\",\"labels\":[\"linux\"],\"registeredAt\":\"2026-01-01T00:00:00Z\"}"));
        controller.on("POST /api/v1/work/5/output", call -> Reply.status(204));
        controller.on("POST /api/v1/work/5/result", call -> {
            ActionResult r = Json.mapper().readValue(call.body(), ActionResult.class);
            received.add(r);
            results.add(r);
            return Reply.status(204);
        });
        ApiClient api = new ApiClient(controller.config(dir));
        worker = new Worker(api, dir.resolve("workspaces"), List.of("linux"),
                () -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void registersRunsTheActionItIsGivenAndReportsOutputThenResult() throws Exception {
        serve(new WorkItem(5, "hello/3", "hello", 3, 1, Map.of("shell", "echo \"hi from $ICK_BUILD_ID\""), Map.of()));
        CompletableFuture<Boolean> loop = runWorker();

        ActionResult result = results.poll(20, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.message()).isNull();
        worker.shutdown();

        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(controller.calls("POST", "/api/v1/workers").get(0).body()).isEqualTo("{\"labels\":[\"linux\"]}");
        assertThat(output()).contains("hi from hello/3\n");
        assertThat(controller.calls().stream().map(c -> c.method() + " " + c.path()).toList())
                .containsSubsequence("POST /api/v1/workers", "GET /api/v1/work", "POST /api/v1/work/5/result")
                .as("a short action's output goes with its result").doesNotContain("POST /api/v1/work/5/output");
        assertThat(controller.calls("GET", "/api/v1/work").get(0).query()).isEqualTo("wait=30&ahead=16");
        assertThat(controller.calls("POST", "/api/v1/work/5/result").get(0).query()).isEqualTo("next=true&ahead=16");
    }

    @Test
    void theActionHandedOverWithAResultRunsWithoutAPoll() throws Exception {
        serve(new WorkItem(5, "hello/5", "hello", 5, 1, Map.of("shell", "echo one"), Map.of(), 1));
        controller.on("POST /api/v1/work/5/result", call -> {
            ActionResult r = Json.mapper().readValue(call.body(), ActionResult.class);
            received.add(r);
            results.add(r);
            return Reply.json(200, Json.mapper().writeValueAsString(
                    new WorkItem(6, "hello/5", "hello", 5, 2, Map.of("shell", "echo two"), Map.of(), 1)));
        });
        controller.on("POST /api/v1/work/6/result", call -> {
            ActionResult r = Json.mapper().readValue(call.body(), ActionResult.class);
            received.add(r);
            results.add(r);
            return Reply.status(204);
        });
        CompletableFuture<Boolean> loop = runWorker();

        ActionResult first = results.poll(20, TimeUnit.SECONDS);
        ActionResult second = results.poll(20, TimeUnit.SECONDS);
        worker.shutdown();

        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(first.output()).extracting(OutputChunk::data).containsExactly("+ echo one\none\n");
        assertThat(second.output()).extracting(OutputChunk::data).containsExactly("+ echo two\ntwo\n");
        List<String> calls = controller.calls().stream().map(c -> c.method() + " " + c.path()).toList();
        assertThat(calls.subList(calls.indexOf("POST /api/v1/work/5/result"), calls.indexOf("POST /api/v1/work/6/result")))
                .as("no poll between the two actions").doesNotContain("GET /api/v1/work");
        assertThat(controller.calls("POST", "/api/v1/work/6/result").get(0).query()).isEqualTo("attempt=1&next=true&ahead=16");
    }

    @Test
    void shutdownStopsTheRunningActionAndStillReportsIt() throws Exception {
        serve(new WorkItem(5, "hello/4", "hello", 4, 1, Map.of("shell", "echo started; sleep 60"), Map.of()));
        CompletableFuture<Boolean> loop = runWorker();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!output().contains("started") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        worker.shutdown();

        ActionResult result = results.poll(10, TimeUnit.SECONDS);
        assertThat(result).isNotNull();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.message()).isEqualTo("stopped: the worker is shutting down");
        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The temp directory of a worker killed by SIGKILL is removed when a worker starts, never a running one's. */
    @Test
    void anActionsTempDirectoryIsLockedWhileItRunsAndThoseOfKilledWorkersGoAtStart() throws Exception {
        Path stale = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ick-action-0-");
        Files.writeString(stale.resolve(ActionTempDir.LOCK), "");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        serve(new WorkItem(5, "hello/3", "hello", 3, 1, Map.of("shell", """
                lock="$(dirname "$ICK_PARAMS_FILE")/ick-action.lock"
                if python3 -c 'import fcntl, sys; fcntl.lockf(open(sys.argv[1], "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)' "$lock"
                then state=free; else state=held; fi
                echo "the lock is $state"
                """), Map.of()));
        CompletableFuture<Boolean> loop = runWorker();

        ActionResult result = results.poll(20, TimeUnit.SECONDS);
        worker.shutdown();

        assertThat(loop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result.exitCode()).isZero();
        assertThat(output()).contains("the lock is held\n").doesNotContain("the lock is free");
        assertThat(stale).doesNotExist();
    }

    @Test
    void controllerRefusingTheRegistrationEndsTheWorker() throws Exception {
        controller.on("POST /api/v1/workers", call -> Reply.problem(403, "Forbidden", "needs uapi_workers_post"));

        assertThat(runWorker().get(10, TimeUnit.SECONDS)).isFalse();
    }

    private void serve(WorkItem item) {
        WorkerLoop.serve(controller, item);
    }

    private CompletableFuture<Boolean> runWorker() {
        return WorkerLoop.run(worker);
    }

    /** Action 5's output as the controller would store it: plain-text calls, then what came with the result. */
    private String output() {
        String sent = controller.calls("POST", "/api/v1/work/5/output").stream().map(FakeController.Call::body)
                .collect(Collectors.joining());
        return sent + received.stream().filter(r -> r.output() != null).flatMap(r -> r.output().stream())
                .map(OutputChunk::data).collect(Collectors.joining());
    }
}
