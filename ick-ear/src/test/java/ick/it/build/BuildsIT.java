package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestDatabase;
import ick.it.TestEnv;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Trigger, dispatch, output, result and the log, with the test playing the workers over HTTP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BuildsIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post", "uapi_work_id_heartbeat_post");

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "proj-" + id;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private Api worker(String name) {
        Api worker = Api.client(name + "-" + id, "secret-" + name + "-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"it\"]}").statusCode()).isEqualTo(200);
        return worker;
    }

    private void defineProject(String... shells) {
        StringBuilder actions = new StringBuilder();
        for (String shell : shells) {
            actions.append(actions.length() == 0 ? "" : ", ").append("{\"shell\": \"").append(shell).append("\"}");
        }
        String file = """
                {"projects": [{"project": "%1$s", "parameters": {"greeting": "hi"}, "pipelines": ["pipe-%2$s"]}],
                 "pipelines": [{"pipeline": "pipe-%2$s", "parameters": ["greeting"], "actions": [%3$s]}]}
                """.formatted(project, id, actions);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private long trigger() {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/api/v1/projects/" + project + "/builds/" + Api.json(r).get("number").asLong()));
        return Api.json(r).get("number").asLong();
    }

    /** The next action of this test's project for {@code worker}; actions of other tests' builds are passed. */
    private JsonNode claim(Api worker) {
        return claim(worker, 0);
    }

    /** The ids of node 0 (now held by {@code worker}) and of the actions ahead of it (up to 8). */
    private long[] claimChain(Api worker) {
        JsonNode first = claim(worker, 8);
        List<Long> ids = new ArrayList<>(List.of(first.get("actionId").asLong()));
        first.get("ahead").forEach(a -> ids.add(a.get("actionId").asLong()));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    /** {@link #claim(Api)}, asking for up to {@code ahead} actions ahead of it. */
    private JsonNode claim(Api worker, int ahead) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = worker.get("/api/v1/work?wait=5" + (ahead > 0 ? "&ahead=" + ahead : ""));
            if (r.statusCode() == 204) {
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode item = Api.json(r);
            if (item.get("project").asText().equals(project)) {
                return item;
            }
            worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result", "{\"exitCode\": 0}");
        }
        throw new AssertionError("no action of " + project + " came");
    }

    private JsonNode build(long number) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number));
    }

    private String log(long number) {
        return admin.get("/api/v1/projects/" + project + "/builds/" + number + "/log").body();
    }

    /**
     * The batch job repository (JBeret's tables) is looked up by job instance and by job execution for every
     * build: those lookups must use an index (V22), not read tables that grow with every build.
     */
    /** An idle worker's polls keep it seen: it is online, and the holder of a workspace is not taken for lost. */
    @Test
    void anIdleWorkersPollsKeepItSeen() throws Exception {
        Api worker = worker("idle");
        String before = lastSeen("idle-" + id);
        Thread.sleep(6000); // last_seen is written at most every 5 s
        HttpResponse<String> poll = worker.get("/api/v1/work?wait=0");
        if (poll.statusCode() == 200) { // another test's action: handed back done
            worker.post("/api/v1/work/" + Api.json(poll).get("actionId").asLong() + "/result", "{\"exitCode\": 0}");
        }
        assertThat(java.time.Instant.parse(lastSeen("idle-" + id))).isAfter(java.time.Instant.parse(before));
    }

    private String lastSeen(String worker) {
        for (JsonNode w : Api.json(admin.get("/api/v1/workers"))) {
            if (w.get("name").asText().equals(worker)) {
                return w.get("lastSeen").asText();
            }
        }
        throw new AssertionError("no worker " + worker);
    }

    /**
     * The worker that ran node 0 holds the build's workspace, so only it may run the next action (affinity). It is
     * never heard from again (killed between two actions, say, and not started again): no lease of the action
     * runs, and without a sweep the build would wait for ever. The ITs' controller gives a holder 40 s.
     */
    @Test
    void anActionWaitingForTheWorkerHoldingItsWorkspaceFailsOnceThatWorkerIsGone() {
        defineProject("echo one");
        Api worker = worker("gone");
        long number = trigger();
        JsonNode first = claim(worker);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(worker.post("/api/v1/work/" + first.get("actionId").asLong() + "/result", "{\"exitCode\": 0}")
                .statusCode()).isEqualTo(204);
        String build = "/api/v1/projects/" + project + "/builds/" + number;
        long waited = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> !Api.json(admin.get(build)).get("state").asText().equals("building"));
        System.out.printf("the build ended %.1f s after its workspace's worker was last heard from%n",
                (System.nanoTime() - waited) / 1e9);
        assertThat(Api.json(admin.get(build)).get("state").asText()).isEqualTo("failed");
        assertThat(admin.wholeLog(build + "/log")).contains("action 1 failed: worker lost: gone-" + id + ", which holds"
                + " the build's workspace, was not seen for 40 s; the action cannot run elsewhere");
    }

    @Test
    void theBatchJobRepositoryIsLookedUpByIndex() throws Exception {
        defineProject("true");
        trigger(); // the build's job is in the repository
        try (Connection c = DriverManager.getConnection(TestDatabase.postgres().jdbcUrl(), "postgres", "postgres");
             Statement s = c.createStatement()) {
            // the tables are small here: with sequential scans off, the plan names the index the lookup can use
            // (without ORDER BY, which the primary key's index could serve instead)
            s.execute("set enable_seqscan = off");
            assertThat(plan(s, "select * from job_execution where jobinstanceid = 1"))
                    .contains("job_execution_jobinstanceid");
            assertThat(plan(s, "select * from step_execution where jobexecutionid = 1"))
                    .contains("step_execution_jobexecutionid");
        }
    }

    private static String plan(Statement s, String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = s.executeQuery("explain " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void aBuildRunsItsActionsInOrderOnAWorkerAndSucceeds() {
        defineProject("echo one", "echo two");
        Api worker = worker("w1");
        long number = trigger();

        JsonNode first = claim(worker);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("step").get("action").asText()).isEqualTo("create_workspace");
        assertThat(first.get("build").asText()).isEqualTo(project + "/" + number);
        long a0 = first.get("actionId").asLong();
        assertThat(worker.post("/api/v1/work/" + a0 + "/output", "{\"seq\": 0, \"data\": \"made\\n\"}").statusCode()).isEqualTo(204);
        assertThat(worker.post("/api/v1/work/" + a0 + "/output", "{\"seq\": 0, \"data\": \"made\\n\"}").statusCode()).isEqualTo(204);
        assertThat(worker.post("/api/v1/work/" + a0 + "/result", "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        assertThat(worker.post("/api/v1/work/" + a0 + "/result", "{\"exitCode\": 0}").statusCode()).as("repeat").isEqualTo(204);
        assertThat(worker.post("/api/v1/work/" + a0 + "/result", "{\"exitCode\": 1}").statusCode()).isEqualTo(409);

        JsonNode second = claim(worker);
        assertThat(second.get("index").asInt()).isEqualTo(1);
        assertThat(second.get("step").get("shell").asText()).isEqualTo("echo one");
        assertThat(second.get("parameters").get("greeting").asText()).isEqualTo("hi");
        worker.post("/api/v1/work/" + second.get("actionId").asLong() + "/result", "{\"exitCode\": 0}");
        JsonNode third = claim(worker);
        assertThat(third.get("index").asInt()).isEqualTo(2);
        worker.post("/api/v1/work/" + third.get("actionId").asLong() + "/result", "{\"exitCode\": 0}");

        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        String log = log(number);
        assertThat(log.split("made\n", -1)).as(log).hasSize(2);
        assertThat(log).contains("[ick] action 0 (create_workspace) started on w1-" + id)
                .contains("[ick] action 2 exited with code 0")
                .contains("[ick] build " + project + "/" + number + " succeeded");
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions).hasSize(3);
        actions.forEach(a -> assertThat(a.get("state").asText()).isEqualTo("succeeded"));
    }

    @Test
    void aResultCarriesTheLastOutputAndAnswersWithTheNextActionOfTheBuild() {
        defineProject("echo one", "echo two");
        Api worker = worker("w4");
        long number = trigger();
        JsonNode first = claim(worker);
        long a0 = first.get("actionId").asLong();

        // the output without a final newline comes with the result; the next action comes with the answer
        HttpResponse<String> r = worker.post("/api/v1/work/" + a0 + "/result?attempt=1&next=true",
                "{\"exitCode\": 0, \"output\": [{\"seq\": 0, \"data\": \"made\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode second = Api.json(r);
        assertThat(second.get("build").asText()).isEqualTo(project + "/" + number);
        assertThat(second.get("index").asInt()).isEqualTo(1);
        long a1 = second.get("actionId").asLong();

        // plain-text output: its seq in the query, stored once however often it comes
        String path = "/api/v1/work/" + a1 + "/output?attempt=1&seq=";
        byte[] text = "part \u00e9t\u00e9 one\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(worker.send("POST", path + "0", "text/plain; charset=UTF-8", text).statusCode()).isEqualTo(204);
        assertThat(worker.send("POST", path + "0", "text/plain; charset=UTF-8", text).statusCode()).isEqualTo(204);
        HttpResponse<String> noSeq = worker.send("POST", "/api/v1/work/" + a1 + "/output?attempt=1",
                "text/plain; charset=UTF-8", text);
        assertThat(noSeq.statusCode()).as(noSeq.body()).isEqualTo(400);
        assertThat(worker.send("POST", "/api/v1/work/" + a1 + "/output?attempt=1&seq=1", "text/plain; charset=UTF-8",
                "x".repeat(9 * 1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode())
                .as("more than 8 MiB").isEqualTo(413);

        r = worker.post("/api/v1/work/" + a1 + "/result?attempt=1&next=true", "{\"exitCode\": 0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode third = Api.json(r);
        assertThat(third.get("index").asInt()).isEqualTo(2);
        r = worker.post("/api/v1/work/" + third.get("actionId").asLong() + "/result?attempt=1&next=true", "{\"exitCode\": 0}");
        while (r.statusCode() == 200) { // an action of another test's build: passed on
            r = worker.post("/api/v1/work/" + Api.json(r).get("actionId").asLong() + "/result?next=true", "{\"exitCode\": 0}");
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        String log = log(number);
        assertThat(log).as("the controller's line starts a line of its own").contains("made\n[ick] action 0 exited with code 0\n"
                + "[ick] action 1 (shell) started on w4-" + id + "\n");
        assertThat(log.split("part \u00e9t\u00e9 one\n", -1)).as(log).hasSize(2);
        assertThat(log).contains("[ick] action 2 (shell) started on w4-" + id);
    }

    @Test
    void plainTextOutputIsDecodedByItsCharsetWithOrWithoutALengthAndBadBytesBecomeReplacementCharacters() {
        defineProject("true");
        Api worker = worker("w5");
        long number = trigger();
        long a0 = claim(worker).get("actionId").asLong();
        String path = "/api/v1/work/" + a0 + "/output?attempt=1&seq=";

        assertThat(worker.send("POST", path + "0", "text/plain; charset=ISO-8859-1",
                "latin \u00e9t\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).statusCode()).isEqualTo(204);
        byte[] bad = {'b', 'a', 'd', ' ', (byte) 0xff, ' ', (byte) 0xc3, '\n'}; // not UTF-8: two replacement characters
        assertThat(worker.send("POST", path + "1", "text/plain", bad).statusCode()).isEqualTo(204);
        // no Content-Length: a chunked body, read to its end; 3 MiB of 4-byte characters with a 2-byte one before
        String big = "\u00e9" + "\ud83d\ude00".repeat(768 * 1024) + "\n";
        HttpResponse<String> chunked = Api.send(worker.request(path + "2").header("Content-Type", "text/plain; charset=UTF-8")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(204);
        HttpResponse<String> unknown = worker.send("POST", path + "3", "text/plain; charset=no-such-charset", bad);
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(worker.post("/api/v1/work/" + a0 + "/result", "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        JsonNode next = claim(worker);
        worker.post("/api/v1/work/" + next.get("actionId").asLong() + "/result", "{\"exitCode\": 0}");

        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        String log = log(number);
        assertThat(log).contains("latin \u00e9t\u00e9\nbad \ufffd \ufffd\n" + big);
        assertThat(build(number).get("logSize").asLong()).as("characters, not bytes or UTF-16 units")
                .isEqualTo(log.codePointCount(0, log.length()));
    }

    @Test
    void actionsRunAheadAreTakenInOneBatchInOrderAndABatchSentAgainChangesNothing() {
        defineProject("echo one", "echo two");
        Api worker = worker("w5");
        long number = trigger();
        JsonNode first = claim(worker, 8);
        assertThat(first.get("index").asInt()).isZero();
        JsonNode ahead = first.get("ahead");
        assertThat(ahead).as(first.toString()).hasSize(2);
        assertThat(ahead.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(ahead.get(0).get("step").get("shell").asText()).isEqualTo("echo one");
        assertThat(ahead.get(1).get("index").asInt()).isEqualTo(2);
        ahead.forEach(a -> assertThat(a.get("attempt").asInt()).isEqualTo(1));
        assertThat(worker.get("/api/v1/work?wait=0&ahead=33").statusCode()).as("more than 32 ahead").isEqualTo(400);
        HttpResponse<String> notANumber = worker.get("/api/v1/work?wait=soon");
        assertThat(notANumber.statusCode()).as(notANumber.body()).isEqualTo(400);
        assertThat(notANumber.body()).contains("a parameter of the request is not of its type", "wait", "soon");
        assertThat(Api.admin().get("/api/v1/projects/" + project + "/builds?limit=many").statusCode()).isEqualTo(400);

        String batch = """
                {"results": [
                  {"actionId": %d, "attempt": 1, "result": {"exitCode": 0}},
                  {"actionId": %d, "attempt": 1, "result": {"exitCode": 0, "output": [{"seq": 0, "data": "+ echo one\\none\\n"}]}},
                  {"actionId": %d, "attempt": 1, "result": {"exitCode": 0, "output": [{"seq": 0, "data": "+ echo two\\ntwo\\n"}]}}]}
                """.formatted(first.get("actionId").asLong(), ahead.get(0).get("actionId").asLong(),
                ahead.get(1).get("actionId").asLong());
        HttpResponse<String> r = worker.post("/api/v1/work/results?ahead=8", batch);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Api.json(r).get("accepted").asInt()).isEqualTo(3);
        assertThat(Api.json(r).has("refused")).isFalse();

        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        actions.forEach(a -> assertThat(a.get("state").asText()).isEqualTo("succeeded"));
        actions.forEach(a -> assertThat(a.get("worker").asText()).isEqualTo("w5-" + id));
        String log = log(number);
        assertThat(log).containsSubsequence("action 0 exited with code 0", "action 1 (shell) started on w5-" + id,
                "one\n", "action 1 exited with code 0", "action 2 (shell) started on w5-" + id, "two\n",
                "action 2 exited with code 0", "succeeded");

        HttpResponse<String> again = worker.post("/api/v1/work/results?ahead=8", batch);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Api.json(again).get("accepted").asInt()).isEqualTo(3);
        assertThat(log(number)).as("a batch sent again stores nothing twice").isEqualTo(log);
    }

    @Test
    void aBatchEndsAtAnActionThatMayNoLongerBeGivenAndBadBatchesAreRefused() {
        defineProject("true", "true");
        Api worker = worker("w6");
        long number = trigger();
        long[] chain = claimChain(worker);
        long a0 = chain[0];
        long a1 = chain[1];
        long a2 = chain[2];
        String two = """
                {"results": [{"actionId": %d, "attempt": 1, "result": {"exitCode": 0}},
                             {"actionId": %d, "attempt": 1, "result": {"exitCode": 0}}], "running": {"actionId": %d, "attempt": 1}}
                """.formatted(a0, a1, a2);

        HttpResponse<String> r = worker("w7").post("/api/v1/work/results", two);
        assertThat(r.statusCode()).as("not the holder of the first: " + r.body()).isEqualTo(409);
        assertThat(worker.post("/api/v1/work/results", "{\"results\": []}").statusCode()).isEqualTo(400);
        assertThat(worker.post("/api/v1/work/results", "{\"results\": [").statusCode()).isEqualTo(400);
        assertThat(worker.post("/api/v1/work/results", "{\"results\": [], \"surprise\": 1}").statusCode()).isEqualTo(400);
        String many = "{\"results\": [" + String.join(",", Collections.nCopies(34,
                "{\"actionId\": " + a0 + ", \"attempt\": 1, \"result\": {\"exitCode\": 0}}")) + "]}";
        assertThat(worker.post("/api/v1/work/results", many).statusCode()).as("more than 33 results").isEqualTo(400);
        JsonNode unchanged = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(unchanged.get(0).get("state").asText()).isEqualTo("building");
        assertThat(unchanged.get(1).get("state").asText()).isEqualTo("blocked");

        assertThat(admin.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "").statusCode()).isEqualTo(200);
        r = worker.post("/api/v1/work/results", two);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode reply = Api.json(r);
        assertThat(reply.get("accepted").asInt()).as("action 0's result is still taken, as a stopped action's").isEqualTo(1);
        assertThat(reply.get("refused").asLong()).isEqualTo(a1);
        assertThat(reply.get("reason").asText()).contains("cancelled");
        // The build ends in its job's finish step, after the batch's transaction.
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("cancelled"));
        assertThat(log(number)).contains("action 0 (cancelled) stopped on w6-" + id).doesNotContain("action 1 (shell) started");
    }

    @Test
    void theActionRunningAheadIsGivenToTheWorkerAndReportsLikeAnyOther() {
        defineProject("true", "sleep 1");
        Api worker = worker("w8");
        long number = trigger();
        long[] chain = claimChain(worker);
        long a0 = chain[0];
        long a1 = chain[1];
        long a2 = chain[2];

        HttpResponse<String> r = worker.post("/api/v1/work/results", """
                {"results": [{"actionId": %d, "attempt": 1, "result": {"exitCode": 0}}], "running": {"actionId": %d, "attempt": 1}}
                """.formatted(a0, a2));
        assertThat(Api.json(r).get("refused").asLong()).as("action 2 is not next: " + r.body()).isEqualTo(a2);
        r = worker.post("/api/v1/work/results", """
                {"results": [], "running": {"actionId": %d, "attempt": 1}}
                """.formatted(a1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Api.json(r).has("refused")).as(r.body()).isFalse();

        JsonNode action = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions")).get(1);
        assertThat(action.get("state").asText()).isEqualTo("building");
        assertThat(action.get("attempt").asInt()).isEqualTo(1);
        assertThat(Api.json(worker.post("/api/v1/work/" + a1 + "/heartbeat?attempt=1", "")).get("state").asText())
                .isEqualTo("building");
        assertThat(worker.post("/api/v1/work/" + a1 + "/result?attempt=1", "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        assertThat(worker.post("/api/v1/work/" + a2 + "/heartbeat?attempt=1", "").statusCode())
                .as("action 2 is ready, not given").isEqualTo(409);
    }

    @Test
    void aBatchMayStartWithAnActionRunAheadThatNoCallNamed() {
        defineProject("true", "true");
        Api worker = worker("w9");
        long number = trigger();
        long[] chain = claimChain(worker);
        String first = """
                {"results": [{"actionId": %d, "attempt": 1, "result": {"exitCode": 0}}]}
                """.formatted(chain[0]);
        assertThat(Api.json(worker.post("/api/v1/work/results", first)).get("accepted").asInt()).isEqualTo(1);

        // action 1 ran ahead and ended before any call named it: its result comes first in the next batch
        HttpResponse<String> r = worker.post("/api/v1/work/results", """
                {"results": [{"actionId": %d, "attempt": 1, "result": {"exitCode": 0}},
                             {"actionId": %d, "attempt": 1, "result": {"exitCode": 0}}]}
                """.formatted(chain[1], chain[2]));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Api.json(r).get("accepted").asInt()).as(r.body()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        assertThat(log(number)).containsSubsequence("action 1 (shell) started on w9-" + id, "action 1 exited with code 0");
    }

    @Test
    void aResultSentAgainGetsTheActionHandedOverWithItTheFirstTime() {
        defineProject("true", "true");
        Api worker = worker("w10");
        trigger();
        long a0 = claim(worker).get("actionId").asLong();
        HttpResponse<String> r = worker.post("/api/v1/work/" + a0 + "/result?attempt=1&next=true", "{\"exitCode\": 0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        long handedOver = Api.json(r).get("actionId").asLong();

        // the answer was lost on its way: the worker sends the result again
        HttpResponse<String> again = worker.post("/api/v1/work/" + a0 + "/result?attempt=1&next=true", "{\"exitCode\": 0}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(Api.json(again).get("actionId").asLong()).isEqualTo(handedOver);
        assertThat(Api.json(again).get("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aFailingActionSkipsTheRestAndFailsTheBuild() {
        defineProject("false", "echo never");
        Api worker = worker("w2");
        long number = trigger();
        worker.post("/api/v1/work/" + claim(worker).get("actionId").asLong() + "/result", "{\"exitCode\": 0}");
        worker.post("/api/v1/work/" + claim(worker).get("actionId").asLong() + "/result", "{\"exitCode\": 3}");

        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("failed"));
        assertThat(build(number).get("exitCode").asInt()).isEqualTo(3);
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions.get(1).get("state").asText()).isEqualTo("failed");
        assertThat(actions.get(2).get("state").asText()).isEqualTo("skipped");
        assertThat(log(number)).contains("[ick] action 1 exited with code 3").contains("failed");
    }

    @Test
    void aWorkerReportingOnAnActionItDoesNotHoldGets409AndChangesNothing() {
        defineProject("true");
        Api holder = worker("holder");
        Api other = worker("other");
        long number = trigger();
        JsonNode item = claim(holder);
        long actionId = item.get("actionId").asLong();

        HttpResponse<String> output = other.post("/api/v1/work/" + actionId + "/output", "{\"seq\": 0, \"data\": \"x\"}");
        assertThat(output.statusCode()).isEqualTo(409);
        assertThat(output.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(other.post("/api/v1/work/" + actionId + "/result", "{\"exitCode\": 0}").statusCode()).isEqualTo(409);
        assertThat(other.post("/api/v1/work/999999999/result", "{\"exitCode\": 0}").statusCode()).isEqualTo(409);

        JsonNode action = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions")).get(0);
        assertThat(action.get("state").asText()).isEqualTo("building");
        assertThat(action.get("worker").asText()).isEqualTo("holder-" + id);
        assertThat(log(number)).doesNotContain("x");
    }

    @Test
    void twoClaimersNeverGetTheSameAction() throws Exception {
        defineProject("true");
        Api a = worker("ca");
        Api b = worker("cb");
        int builds = 6;
        for (int i = 0; i < builds; i++) {
            trigger();
        }
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (Api worker : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    while (true) {
                        HttpResponse<String> r = worker.get("/api/v1/work?wait=2");
                        if (r.statusCode() == 204) {
                            return mine;
                        }
                        JsonNode item = Api.json(r);
                        mine.add(item.get("actionId").asLong());
                        worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result", "{\"exitCode\": 0}");
                    }
                }));
            }
            for (Future<List<Long>> f : results) {
                claimed.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> distinct = new HashSet<>(claimed);
        assertThat(distinct).hasSameSizeAs(claimed);
        assertThat(claimed.size()).isGreaterThanOrEqualTo(builds * 2);
        for (int n = 1; n <= builds; n++) {
            long number = n;
            await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        }
    }

    @Test
    void followingTheLogWaitsForMore() {
        defineProject("true");
        Api worker = worker("lf");
        long number = trigger();
        JsonNode item = claim(worker);
        HttpResponse<String> start = admin.get("/api/v1/projects/" + project + "/builds/" + number + "/log");
        long offset = Long.parseLong(start.headers().firstValue("Ick-Log-Offset").orElseThrow());
        assertThat(start.headers().firstValue("Ick-Build-State")).contains("building");

        Thread later = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/output", "{\"seq\": 0, \"data\": \"späť\\n\"}");
        });
        later.start();
        long before = System.nanoTime();
        HttpResponse<String> more = admin.get("/api/v1/projects/" + project + "/builds/" + number + "/log?wait=10&offset=" + offset);
        assertThat(more.body()).isEqualTo("späť\n");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(more.headers().firstValue("Ick-Log-Offset")).contains(Long.toString(offset + 5));
    }
}
