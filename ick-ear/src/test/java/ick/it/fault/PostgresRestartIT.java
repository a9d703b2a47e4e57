package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is stopped in the middle of a build and started again: while it is down the API answers 503 with
 * a problem+json body; afterwards the controller recovers by itself and the build completes with every line.
 */
class PostgresRestartIT {
    private static final int LINES = 100;
    private static FaultEnv env;
    private static ControllerProcess controller;
    private static WorkerProcess worker;

    @BeforeAll
    static void start() {
        env = FaultEnv.create("postgres-restart");
        controller = env.controller("a", 803, Map.of()).start();
        worker = WorkerProcess.start(Ick.admin(controller.url()), controller.url(), "pr-worker-1", env.dir);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void requestsGet503WhileTheDatabaseIsDownAndTheBuildCompletesAfterwards() throws Exception {
        Ick admin = Ick.admin(controller.url());
        admin.makeItSo("""
                {"projects": [{"project": "counting", "pipelines": ["count"]}],
                 "pipelines": [{"pipeline": "count", "actions": [
                   {"shell": "for i in $(seq 1 %d); do echo \\"line $i\\"; sleep 0.1; done"},
                   {"shell": "echo second action ran"}]}]}""".formatted(LINES));
        long number = admin.trigger("counting");
        ControllerKillIT.awaitLogContains(admin, number, "line 10\n", Duration.ofSeconds(60));

        TestDatabase.postgres().stop();
        List<HttpResponse<String>> whileDown = new ArrayList<>();
        try {
            // ~3 s down: the worker's output meets the outage (it outlasts it: 100 lines, 10 s) and is retried
            for (int i = 0; i < 5; i++) {
                whileDown.add(admin.get("/api/v1/projects/counting/builds/" + number));
                whileDown.add(admin.post("/api/v1/projects/counting/builds", ""));
                ControllerProcess.sleep(500);
            }
        } finally {
            TestDatabase.postgres().startAgain();
        }
        for (HttpResponse<String> r : whileDown) {
            assertThat(r.statusCode()).as(r.request().method() + " " + r.request().uri() + ": " + r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Ick.json(r).get("status").asInt()).isEqualTo(503);
        }
        System.out.println("answers while PostgreSQL was down: " + whileDown.size() + " x 503, e.g. " + whileDown.get(0).body());

        JsonNode build = admin.awaitEnd("counting", number, Duration.ofSeconds(90));
        String log = admin.log("counting", number);
        assertThat(build.get("state").asText()).as(log).isEqualTo("succeeded");
        List<Integer> seen = ControllerKillIT.numberedLines(log);
        System.out.println("numbered lines in the stored log: " + seen.size());
        assertThat(seen).isEqualTo(IntStream.rangeClosed(1, LINES).boxed().toList());
        assertThat(log).contains("second action ran");
        assertThat(admin.get("/api/v1/projects/counting/builds").statusCode()).isEqualTo(200);
        assertThat(admin.get("/api/v1/projects/counting/builds/" + (number + 1)).statusCode())
                .as("no build was created while the database was down").isEqualTo(404);
    }
}
