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
 * Labels with real workers: an {@code arch=arm64} pipeline waits for a worker that has the label, and its log says
 * that no registered worker has it; a trusted pipeline's log says that no trusted worker has its labels.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LabelsIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private void define(String project, String labels) {
        String file = "{\"projects\": [{\"project\": \"" + project + "\", \"pipelines\": [\"p-" + project + "\"]}],"
                + " \"pipelines\": [{\"pipeline\": \"p-" + project + "\"" + labels + ","
                + " \"actions\": [{\"shell\": \"uname -m\"}, {\"shell\": \"echo done\"}]}]}";
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private String trigger(String project) {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return "/api/v1/projects/" + project + "/builds/" + Api.json(r).get("number").asLong();
    }

    private String state(String build) {
        return Api.json(admin.get(build)).get("state").asText();
    }

    @Test
    void aLabelledPipelineOnlyGoesToAWorkerWithTheLabel() throws Exception {
        String arm = "arm-" + id;
        String any = "any-" + id;
        // a label of this test's own too: a worker that another test registered may have arch=arm64
        define(arm, ", \"labels\": [\"arch=arm64\", \"lab-" + id + "\"]");
        define(any, "");
        String plainWorker = "plain-" + id;
        String armWorker = "arm64-" + id;
        try (LocalWorkers workers = new LocalWorkers("labels-" + id)) {
            workers.start(plainWorker, List.of("arch=amd64"));
            workers.awaitRegistered(plainWorker);
            String armBuild = trigger(arm);
            String anyBuild = trigger(any);
            // The plain worker is busy polling, and takes the build it may run...
            await().atMost(Duration.ofSeconds(60)).until(() -> state(anyBuild).equals("succeeded"));
            assertThat(Api.json(admin.get(anyBuild + "/actions")).get(1).get("worker").asText()).isEqualTo(plainWorker);
            // ...never the arm64 one, which waits (many polls of the plain worker later) untouched.
            LocalWorkers.sleep(3000);
            assertThat(state(armBuild)).isEqualTo("building");
            for (JsonNode a : Api.json(admin.get(armBuild + "/actions"))) {
                assertThat(a.get("state").asText()).as(a.toString()).isIn("ready", "blocked");
                assertThat(a.path("worker").isNull() || a.path("worker").isMissingNode()).as(a.toString()).isTrue();
            }
            // the log said why it waits
            assertThat(admin.get(armBuild + "/log").body()).contains("no registered worker has the labels arch=arm64, lab-"
                    + id + ": actions 0, 1, 2 wait until one registers");
            assertThat(admin.get(anyBuild + "/log").body()).doesNotContain("no registered worker");

            // a trusted pipeline needs a trusted worker with its labels: the plain worker has them, and is not one
            String signer = "signer-" + id;
            String file = "{\"projects\": [{\"project\": \"" + signer + "\", \"pipelines\": [\"p-" + signer + "\"]}],"
                    + " \"pipelines\": [{\"pipeline\": \"p-" + signer + "\", \"trusted\": true, \"labels\": [\"arch=amd64\"],"
                    + " \"actions\": [{\"action\": \"create_workspace\"}]}]}";
            HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
            assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
            String signerBuild = trigger(signer);
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(signerBuild + "/log").body()
                    .contains("no registered trusted worker has the label arch=amd64: actions 0, 1 wait until one"
                            + " registers"));
            admin.post(signerBuild + "/cancel", "");
            workers.start(armWorker, List.of("arch=arm64", "container", "lab-" + id));
            await().atMost(Duration.ofSeconds(60)).until(() -> state(armBuild).equals("succeeded"));
            for (JsonNode a : Api.json(admin.get(armBuild + "/actions"))) {
                assertThat(a.get("worker").asText()).as(a.toString()).isEqualTo(armWorker);
            }
        }
    }
}
