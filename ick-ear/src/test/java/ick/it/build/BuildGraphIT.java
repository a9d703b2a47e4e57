package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DAG, labels, cancel, time limits, leases and fencing, with the test playing the workers over HTTP
 * (arquillian.xml sets a lease of 5 s, swept every 500 ms).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BuildGraphIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post", "uapi_work_id_heartbeat_post");

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "dag-" + id;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private Api worker(String name, String labels) {
        Api worker = Api.client(name + "-" + id, "secret-" + name + "-" + id, WORKER_SCOPES);
        assertThat(worker.post("/api/v1/workers", "{\"labels\": " + labels + "}").statusCode()).isEqualTo(200);
        return worker;
    }

    private void define(String pipelines, String names) {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [" + names + "]}],"
                + " \"pipelines\": [" + pipelines + "]}";
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private long trigger() {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Api.json(r).get("number").asLong();
    }

    private JsonNode claim(Api worker) {
        HttpResponse<String> r = worker.get("/api/v1/work?wait=5");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode item = Api.json(r);
        assertThat(item.get("project").asText()).isEqualTo(project);
        return item;
    }

    private void succeed(Api worker, JsonNode item) {
        HttpResponse<String> r = worker.post(work(item, "result"), "{\"exitCode\": 0}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    private static String work(JsonNode item, String what) {
        return "/api/v1/work/" + item.get("actionId").asLong() + "/" + what + "?attempt=" + item.get("attempt").asInt();
    }

    private JsonNode build(long number) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number));
    }

    private String log(long number) {
        return admin.get("/api/v1/projects/" + project + "/builds/" + number + "/log").body();
    }

    private static String pipeline(String name, String extra, String actions) {
        return "{\"pipeline\": \"" + name + "\"" + extra + ", \"actions\": [" + actions + "]}";
    }

    @Test
    void independentBranchesGoToDifferentWorkersByLabelAtTheSameTime() {
        define(pipeline("a-" + id, ", \"needs\": [], \"workspace\": \"own\", \"labels\": [\"arch=arm64\"]", "{\"shell\": \"a\"}")
                        + "," + pipeline("b-" + id, ", \"needs\": [], \"workspace\": \"own\"", "{\"shell\": \"b\"}")
                        + "," + pipeline("join-" + id, ", \"needs\": [\"a-" + id + "\", \"b-" + id + "\"]",
                        "{\"shell\": \"j\"}"),
                "\"a-" + id + "\", \"b-" + id + "\", \"join-" + id + "\"");
        Api plain = worker("plain", "[\"it\"]");
        Api arm = worker("arm", "[\"arch=arm64\"]");
        long number = trigger();
        succeed(plain, claim(plain));                  // create_workspace: plain holds the workspace
        JsonNode b = claim(plain);                     // a needs arm64: plain gets b
        assertThat(b.get("step").get("shell").asText()).isEqualTo("b");
        JsonNode a = claim(arm);                       // while b runs, a runs on the other worker
        assertThat(a.get("step").get("shell").asText()).isEqualTo("a");
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions.get(1).get("state").asText()).isEqualTo("building");
        assertThat(actions.get(2).get("state").asText()).isEqualTo("building");
        assertThat(actions.get(3).get("needs").toString()).isEqualTo("[1,2]");
        succeed(arm, a);
        succeed(plain, b);
        JsonNode join = claim(plain);                  // a shared pipeline: the workspace holder
        assertThat(join.get("step").get("shell").asText()).isEqualTo("j");
        succeed(plain, join);
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
    }

    @Test
    void cycleIsRefusedAtMakeItSo() {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"x-" + id + "\", \"y-" + id + "\"]}],"
                + " \"pipelines\": [" + pipeline("x-" + id, ", \"needs\": [\"y-" + id + "\"]", "{\"shell\": \"x\"}") + ","
                + pipeline("y-" + id, ", \"needs\": [\"x-" + id + "\"]", "{\"shell\": \"y\"}") + "]}";
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("cycle");
        assertThat(admin.get("/api/v1/projects/" + project).statusCode()).isEqualTo(404);
    }

    @Test
    void cancelTellsTheHolderByHeartbeatAndCancelsTheRest() {
        define(pipeline("p-" + id, "", "{\"shell\": \"one\"}, {\"shell\": \"two\"}"), "\"p-" + id + "\"");
        Api w = worker("w", "[]");
        long number = trigger();
        succeed(w, claim(w));
        JsonNode one = claim(w);
        assertThat(Api.json(w.post(work(one, "heartbeat"), "")).get("state").asText()).isEqualTo("building");
        HttpResponse<String> cancel = admin.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(Api.json(w.post(work(one, "heartbeat"), "")).get("state").asText()).isEqualTo("cancelled");
        HttpResponse<String> output = w.post(work(one, "output"), "{\"seq\": 0, \"data\": \"late\\n\"}");
        assertThat(output.statusCode()).isEqualTo(409);
        assertThat(output.body()).contains("cancelled");
        assertThat(w.post(work(one, "result"), "{\"exitCode\": 143, \"message\": \"stopped\"}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("cancelled"));
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions.get(2).get("state").asText()).isEqualTo("cancelled");
        assertThat(log(number)).contains("cancelled by admin").contains("stopped on");
        assertThat(admin.post("/api/v1/projects/" + project + "/builds/" + number + "/cancel", "").statusCode())
                .isEqualTo(409);
    }

    @Test
    void actionTimeoutEndsTheBuildTimedOut() {
        define(pipeline("t-" + id, "", "{\"shell\": \"sleep 100\", \"timeout\": \"1s\"}"), "\"t-" + id + "\"");
        Api w = worker("t", "[]");
        long number = trigger();
        succeed(w, claim(w));
        JsonNode slow = claim(w);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                Api.json(w.post(work(slow, "heartbeat"), "")).get("state").asText().equals("timed-out"));
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("timed-out"));
    }

    @Test
    void projectTimeoutEndsTheWholeBuildTimedOut() {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"timeout\": \"2s\", \"pipelines\": [\"pt-" + id
                + "\"]}], \"pipelines\": [" + pipeline("pt-" + id, "", "{\"shell\": \"sleep 100\"}, {\"shell\": \"y\"}") + "]}";
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        assertThat(Api.json(admin.get("/api/v1/projects/" + project)).toString()).contains("\"timeout\":2");
        Api w = worker("pt", "[]");
        long number = trigger();
        succeed(w, claim(w));
        JsonNode slow = claim(w);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                Api.json(w.post(work(slow, "heartbeat"), "")).get("state").asText().equals("timed-out"));
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("timed-out"));
        JsonNode actions = Api.json(admin.get("/api/v1/projects/" + project + "/builds/" + number + "/actions"));
        assertThat(actions.get(1).get("state").asText()).isEqualTo("timed-out");
        assertThat(actions.get(2).get("state").asText()).isEqualTo("skipped");
        assertThat(log(number)).contains("ran out of time (the project's timeout)");
        HttpResponse<String> bad = admin.post("/api/v1/make-it-so", file.replace("\"2s\"", "\"soon\""));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("a timeout is whole seconds");
    }

    @Test
    void lostWorkerIsRetriedOnceAndTheOldHolderIsFencedOff() {
        define(pipeline("r-" + id, ", \"workspace\": \"own\"", "{\"shell\": \"x\", \"retry\": 1}"), "\"r-" + id + "\"");
        Api first = worker("first", "[]");
        Api second = worker("second", "[]");
        long number = trigger();
        succeed(first, claim(first));
        JsonNode lost = claim(first);                           // then first goes silent
        assertThat(lost.get("attempt").asInt()).isEqualTo(1);
        // after the 5 s lease (and the sweep): ready again; a 5 s poll could end just before that
        HttpResponse<String> polled = second.get("/api/v1/work?wait=20");
        assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
        JsonNode again = Api.json(polled);
        assertThat(again.get("actionId").asLong()).isEqualTo(lost.get("actionId").asLong());
        assertThat(again.get("attempt").asInt()).isEqualTo(2);
        HttpResponse<String> late = first.post(work(lost, "output"), "{\"seq\": 0, \"data\": \"late\\n\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        succeed(second, again);
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("succeeded"));
        assertThat(log(number)).contains("worker lost");
    }

    @Test
    void lostWorkerWithoutRetryFailsTheAction() {
        define(pipeline("l-" + id, "", "{\"shell\": \"x\"}, {\"shell\": \"y\"}"), "\"l-" + id + "\"");
        Api w = worker("l", "[]");
        long number = trigger();
        succeed(w, claim(w));
        claim(w);                                              // and never heard of again
        await().atMost(Duration.ofSeconds(20)).until(() -> build(number).get("state").asText().equals("failed"));
        assertThat(log(number)).contains("failed: worker lost").contains("skipped action 2");
    }
}
