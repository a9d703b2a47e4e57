package ick.it.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fan-out/fan-in graph on two real workers: {@code prepare} → 8 independent {@code branch-N} → {@code
 * collect}. The branches are {@code workspace: own} (they need no upstream files) and run at the same time on
 * both workers; each branch's second action sees the file its first left (same worker); {@code collect} is
 * shared, so it runs on the worker holding the build's workspace and sees what {@code prepare} left there
 * (the rule in docs/architecture.md, "Where the workspace is").
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FanOutFanInIT {
    private static final String ID = UUID.randomUUID().toString().substring(0, 8);
    private static final int BRANCHES = 8;
    private static LocalWorkers workers;

    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @BeforeAll
    static void startWorkers() {
        workers = new LocalWorkers("fan-" + ID);
        for (String name : List.of("fan-a-" + ID, "fan-b-" + ID)) {
            workers.start(name, List.of("it"));
        }
        workers.awaitRegistered("fan-a-" + ID);
        workers.awaitRegistered("fan-b-" + ID);
    }

    @AfterAll
    static void stopWorkers() throws Exception {
        if (workers != null) {
            workers.close();
        }
    }

    @Test
    void branchesRunAtTheSameTimeOnTwoWorkersAndEveryActionSeesTheFilesItNeeds() {
        String project = "fan-" + ID;
        List<String> pipelines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        pipelines.add(pipeline("prepare", "", "{\"shell\": \"echo prepared > prepared.txt\"}"));
        names.add("prepare-" + ID);
        List<String> branchNames = new ArrayList<>();
        for (int n = 1; n <= BRANCHES; n++) {
            String branch = "branch-" + n;
            branchNames.add("\"" + branch + "-" + ID + "\"");
            pipelines.add(pipeline(branch, ", \"needs\": [\"prepare-" + ID + "\"], \"workspace\": \"own\"",
                    "{\"shell\": \"echo " + n + " > " + branch + ".txt; sleep 2\"},"
                            + " {\"shell\": \"test \\\"$(cat " + branch + ".txt)\\\" = " + n + "\"}"));
            names.add(branch + "-" + ID);
        }
        pipelines.add(pipeline("collect", ", \"needs\": " + branchNames,
                "{\"shell\": \"test \\\"$(cat prepared.txt)\\\" = prepared; echo collected\"}"));
        names.add("collect-" + ID);
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": "
                + names.stream().map(n -> "\"" + n + "\"").toList() + "}], \"pipelines\": " + pipelines + "}";
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);

        HttpResponse<String> triggered = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(201);
        long number = Api.json(triggered).get("number").asLong();
        String path = "/api/v1/projects/" + project + "/builds/" + number;
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                Api.json(admin.get(path)).get("state").asText().matches("succeeded|failed|cancelled|timed-out"));
        String log = admin.get(path + "/log").body();
        assertThat(Api.json(admin.get(path)).get("state").asText()).as(log).isEqualTo("succeeded");
        assertThat(log).contains("collected");

        JsonNode actions = Api.json(admin.get(path + "/actions"));
        String holder = actions.get(0).get("worker").asText();
        Map<String, List<Interval>> byWorker = new HashMap<>();
        Set<String> branchWorkers = new HashSet<>();
        for (JsonNode a : actions) {
            String pipeline = a.path("pipeline").asText();
            if (pipeline.startsWith("prepare") || pipeline.startsWith("collect")) {
                assertThat(a.get("worker").asText()).as(pipeline + ": shared, on the holder").isEqualTo(holder);
            } else if (pipeline.startsWith("branch")) {
                branchWorkers.add(a.get("worker").asText());
                byWorker.computeIfAbsent(a.get("worker").asText(), w -> new ArrayList<>()).add(new Interval(pipeline,
                        Instant.parse(a.get("startedAt").asText()), Instant.parse(a.get("endedAt").asText())));
            }
        }
        assertThat(branchWorkers).as("the branches ran on both workers").hasSize(2);
        List<String> workerNames = List.copyOf(byWorker.keySet());
        long overlapMillis = 0;
        for (Interval x : byWorker.get(workerNames.get(0))) {
            for (Interval y : byWorker.get(workerNames.get(1))) {
                overlapMillis += Math.max(0, Duration.between(max(x.start, y.start), min(x.end, y.end)).toMillis());
            }
        }
        JsonNode build = Api.json(admin.get(path));
        System.out.printf("fan-out/fan-in: %d branches on 2 workers, build %d ms from start to end, branches of the"
                        + " two workers overlapped %d ms in all%n", BRANCHES,
                Duration.between(Instant.parse(build.get("startedAt").asText()),
                        Instant.parse(build.get("endedAt").asText())).toMillis(), overlapMillis);
        assertThat(overlapMillis).as("branches on the two workers ran at the same time").isGreaterThan(1000);
    }

    private record Interval(String pipeline, Instant start, Instant end) {
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String pipeline(String name, String extra, String actions) {
        return "{\"pipeline\": \"" + name + "-" + ID + "\"" + extra + ", \"actions\": [" + actions + "]}";
    }
}
