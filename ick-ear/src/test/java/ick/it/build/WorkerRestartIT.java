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
 * A worker that starts again under the same name holds nothing: the action its name held is taken from it when it
 * registers (ick.worker.Leases#restarted), long before the lease (15 s in the ITs) would have run out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WorkerRestartIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void theActionOfAWorkerKilledAndStartedAgainFailsAsWorkerLostWhenItRegisters() throws Exception {
        String project = "restart-" + id;
        String label = "restart-" + id;
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"p-" + project + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"p-" + project + "\", \"labels\": [\"" + label + "\"],"
                + " \"actions\": [{\"shell\": \"for i in $(seq 1 300); do echo tick $i; sleep 1; done\"}]}]}";
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        String name = "restarted-" + id;
        try (LocalWorkers workers = new LocalWorkers("restart-" + id)) {
            Process first = workers.start(name, List.of(label));
            HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            String build = "/api/v1/projects/" + project + "/builds/" + Api.json(r).get("number").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.get(build + "/log").body().contains("tick 2"));

            // the host "dies": the worker and the action's processes, at once
            first.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            first.toHandle().destroyForcibly();
            long killed = System.nanoTime();
            first.waitFor();
            workers.start(name, List.of(label));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    !Api.json(admin.get(build)).get("state").asText().equals("building"));
            double seconds = (System.nanoTime() - killed) / 1e9;
            String log = admin.get(build + "/log").body();
            System.out.printf("build ended %.1f s after its worker was killed and started again (lease 15 s)%n",
                    seconds);

            assertThat(Api.json(admin.get(build)).get("state").asText()).as(log).isEqualTo("failed");
            assertThat(log).contains("worker lost: " + name + " started again (it registered) while it held this"
                    + " action").doesNotContain("was not heard from");
            JsonNode ticking = Api.json(admin.get(build + "/actions")).get(1);
            assertThat(ticking.get("state").asText()).isEqualTo("failed");
            assertThat(seconds).as("well within the 15 s lease").isLessThan(12);
        }
    }
}
