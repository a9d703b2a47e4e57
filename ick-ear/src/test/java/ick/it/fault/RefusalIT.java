package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that reports on an action it no longer holds (the build was cancelled, or its lease ran out and
 * the action was given to another worker) gets a clear refusal: 409 problem+json saying to stop. The
 * worker's side of it (it stops the action) is in {@link WorkerKillIT}. Here the workers are test clients
 * speaking the protocol over HTTP, so that each report is exactly what the test says.
 */
class RefusalIT {
    private static final int LEASE_SECONDS = 3;
    private static FaultEnv env;
    private static ControllerProcess controller;
    private static Ick admin;

    @BeforeAll
    static void start() {
        env = FaultEnv.create("refusal");
        controller = env.controller("a", 806, Map.of("ick.lease.seconds", Integer.toString(LEASE_SECONDS),
                "ick.lease.sweep-millis", "500")).start();
        admin = Ick.admin(controller.url());
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    static Ick fakeWorker(String id) {
        String secret = "secret-" + id + "-" + System.nanoTime();
        admin.registerClient(id, secret, WorkerProcess.SCOPES);
        Ick worker = Ick.as(controller.url(), id, secret);
        Ick.ok(worker.post("/api/v1/workers", "{\"labels\": []}"));
        return worker;
    }

    static JsonNode claim(Ick worker) {
        HttpResponse<String> r = worker.get("/api/v1/work?wait=20");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Ick.json(r);
    }

    /** Claims actions, finishing the ones before (e.g. the build's workspace action), until the one running {@code shell}. */
    static JsonNode claimShell(Ick worker, String shell) {
        while (true) {
            JsonNode item = claim(worker);
            if (shell.equals(item.get("step").path("shell").asText())) {
                return item;
            }
            Ick.ok(worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result?attempt="
                    + item.get("attempt").asInt(), "{\"exitCode\": 0}"));
        }
    }

    static String output(long seq, String data) {
        return "{\"seq\": " + seq + ", \"data\": \"" + data + "\"}";
    }

    @Test
    void outputForACancelledActionIsRefusedAndTheHeartbeatSaysStop() {
        admin.makeItSo("""
                {"projects": [{"project": "to-cancel", "pipelines": ["one"]}],
                 "pipelines": [{"pipeline": "one", "actions": [{"shell": "sleep 600"}, {"shell": "echo never"}]}]}""");
        Ick worker = fakeWorker("refusal-cancel");
        long number = admin.trigger("to-cancel");
        JsonNode item = claimShell(worker, "sleep 600");
        String work = "/api/v1/work/" + item.get("actionId").asLong();
        String attempt = "?attempt=" + item.get("attempt").asInt();
        assertThat(worker.post(work + "/output" + attempt, output(0, "before the cancel\\n")).statusCode()).isEqualTo(204);

        Ick.ok(admin.post("/api/v1/projects/to-cancel/builds/" + number + "/cancel", ""));

        HttpResponse<String> heartbeat = worker.post(work + "/heartbeat" + attempt, "");
        assertThat(heartbeat.statusCode()).as(heartbeat.body()).isEqualTo(200);
        assertThat(Ick.json(heartbeat).get("state").asText()).isEqualTo("cancelled");

        HttpResponse<String> refused = worker.post(work + "/output" + attempt, output(1, "after the cancel\\n"));
        System.out.println("output after cancel: " + refused.statusCode() + " " + refused.body());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(Ick.json(refused).get("detail").asText()).contains("cancelled").contains("stop");

        JsonNode build = admin.awaitEnd("to-cancel", number, Duration.ofSeconds(30));
        assertThat(build.get("state").asText()).isEqualTo("cancelled");
        String log = admin.log("to-cancel", number);
        assertThat(log).contains("before the cancel").doesNotContain("after the cancel").doesNotContain("never");
    }

    @Test
    void reportsOfALeaseThatRanOutAreRefusedOnceTheActionWasGivenOutAgain() {
        admin.makeItSo("""
                {"projects": [{"project": "re-leased", "pipelines": ["one"]}],
                 "pipelines": [{"pipeline": "one", "workspace": "own", "actions": [{"shell": "echo retried", "retry": 1}]}]}""");
        Ick first = fakeWorker("refusal-first");
        long number = admin.trigger("re-leased");
        JsonNode item = claimShell(first, "echo retried");
        assertThat(item.get("attempt").asInt()).isEqualTo(1);
        String work = "/api/v1/work/" + item.get("actionId").asLong();
        assertThat(first.post(work + "/output?attempt=1", output(0, "first worker, before going silent\\n")).statusCode())
                .isEqualTo(204);

        // the first worker goes silent; after the lease the action is ready again and a second worker gets it
        // (workspace: own above, else the action could only run where the build's workspace is: on the first)
        Ick second = fakeWorker("refusal-second");
        long claimed = System.nanoTime();
        JsonNode again = claim(second);
        double waited = (System.nanoTime() - claimed) / 1e9;
        System.out.printf("given out again after %.1f s (lease %d s)%n", waited, LEASE_SECONDS);
        assertThat(again.get("actionId").asLong()).isEqualTo(item.get("actionId").asLong());
        assertThat(again.get("attempt").asInt()).isEqualTo(2);
        assertThat(waited).isLessThan(LEASE_SECONDS + 5);

        for (String kind : new String[] {"/output", "/heartbeat", "/result"}) {
            String body = kind.equals("/output") ? output(1, "first worker, late\\n")
                    : kind.equals("/result") ? "{\"exitCode\": 0}" : "";
            HttpResponse<String> late = first.post(work + kind + "?attempt=1", body);
            System.out.println("late " + kind + " of attempt 1: " + late.statusCode() + " " + late.body());
            assertThat(late.statusCode()).as(kind).isEqualTo(409);
            assertThat(Ick.json(late).get("detail").asText()).as(kind).contains("given out again").contains("stop");
        }

        assertThat(second.post(work + "/output?attempt=2", output(0, "second worker\\n")).statusCode()).isEqualTo(204);
        assertThat(second.post(work + "/result?attempt=2", "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        JsonNode build = admin.awaitEnd("re-leased", number, Duration.ofSeconds(30));
        String log = admin.log("re-leased", number);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");
        assertThat(log).contains("worker lost").contains("second worker").doesNotContain("first worker, late");
    }
}
