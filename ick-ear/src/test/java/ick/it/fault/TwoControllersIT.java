package ick.it.fault;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two controllers (two WildFly servers on one PostgreSQL) serve four workers, two each; 500 actions (2
 * projects x 5 builds x 50 independent one-action pipelines, {@code needs: []} and {@code workspace: own}, so
 * all of a build's actions are ready at once for any worker; builds triggered on both controllers) each append
 * their unique name to one file: every action runs exactly once.
 */
class TwoControllersIT {
    private static final int PROJECTS = 2;
    private static final int BUILDS_PER_PROJECT = 5;
    private static final int PIPELINES = 50;
    private static FaultEnv env;
    private static ControllerProcess a;
    private static ControllerProcess b;
    private static final List<WorkerProcess> workers = new ArrayList<>();

    @BeforeAll
    static void start() {
        env = FaultEnv.create("two-controllers");
        a = env.controller("a", 804, Map.of());
        b = env.controller("b", 805, Map.of());
        long booting = System.nanoTime();
        ControllerProcess.startAll(a, b); // both at once: they race for the migrations and the admin client
        System.out.printf("both controllers up in %.1f s%n", (System.nanoTime() - booting) / 1e9);
        Ick admin = Ick.admin(a.url());
        for (int i = 1; i <= 4; i++) {
            String url = i <= 2 ? a.url() : b.url();
            workers.add(WorkerProcess.start(admin, url, "tc-worker-" + i, env.dir));
        }
    }

    @AfterAll
    static void stop() {
        workers.forEach(WorkerProcess::close);
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void everyActionOfFiveHundredRunsExactlyOnce() throws Exception {
        Path ran = env.dir.resolve("ran.txt");
        Ick onA = Ick.admin(a.url());
        Ick onB = onA.at(b.url());
        StringBuilder pipelineNames = new StringBuilder();
        StringBuilder pipelines = new StringBuilder();
        for (int i = 0; i < PIPELINES; i++) {
            pipelineNames.append(i > 0 ? "," : "").append("\"p").append(i).append('"');
            pipelines.append(i > 0 ? "," : "").append("{\"pipeline\": \"p").append(i)
                    .append("\", \"needs\": [], \"workspace\": \"own\", \"actions\": [{\"shell\": \"echo \\\"$ICK_BUILD_ID a")
                    .append(i).append("\\\" >> ").append(ran).append("\"}]}");
        }
        StringBuilder projects = new StringBuilder();
        for (int p = 1; p <= PROJECTS; p++) {
            projects.append(p > 1 ? "," : "").append("{\"project\": \"many-").append(p).append("\", \"pipelines\": [")
                    .append(pipelineNames).append("]}");
        }
        onA.makeItSo("{\"projects\": [" + projects + "], \"pipelines\": [" + pipelines + "]}");

        long start = System.nanoTime();
        Map<String, Long> triggered = new TreeMap<>();
        int n = 0;
        for (int round = 0; round < BUILDS_PER_PROJECT; round++) {
            for (int p = 1; p <= PROJECTS; p++) {
                Ick on = n++ % 2 == 0 ? onA : onB;
                long number = on.trigger("many-" + p);
                triggered.put("many-" + p + "/" + number, number);
            }
        }
        Set<String> expected = new HashSet<>();
        Map<String, Integer> byWorker = new HashMap<>();
        List<String> notSucceeded = new ArrayList<>();
        for (String id : triggered.keySet()) {
            String project = id.substring(0, id.indexOf('/'));
            long number = triggered.get(id);
            JsonNode build = onB.awaitEnd(project, number, Duration.ofSeconds(120));
            if (!build.get("state").asText().equals("succeeded")) {
                notSucceeded.add(id + " " + build.get("state").asText());
            }
            for (JsonNode action : onA.actions(project, number)) {
                byWorker.merge(action.get("worker").asText(), 1, Integer::sum);
            }
            for (int i = 0; i < PIPELINES; i++) {
                expected.add(id + " a" + i);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        List<String> lines = Files.readAllLines(ran);
        Map<String, Integer> counts = new HashMap<>();
        lines.forEach(l -> counts.merge(l, 1, Integer::sum));
        List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        System.out.printf("%d builds, %d actions run (%d distinct) in %.1f s by workers %s%n",
                triggered.size(), lines.size(), counts.size(), seconds, new TreeMap<>(byWorker));

        assertThat(notSucceeded).isEmpty();
        assertThat(twice).as("actions that ran more than once").isEmpty();
        assertThat(counts.keySet()).isEqualTo(expected);
        assertThat(lines).hasSize(PROJECTS * BUILDS_PER_PROJECT * PIPELINES);
        assertThat(byWorker.keySet()).as("workers of controller a took part").containsAnyOf("tc-worker-1", "tc-worker-2");
        assertThat(byWorker.keySet()).as("workers of controller b took part").containsAnyOf("tc-worker-3", "tc-worker-4");
    }
}
