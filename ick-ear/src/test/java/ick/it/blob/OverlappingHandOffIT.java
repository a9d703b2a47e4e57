package ick.it.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two builds of one project that hand a blob on by the same name overlap (docs/examples/ick.ick: a release
 * build's source waits for a worker while a push's build archives it again): each build's populate is pinned at
 * what its own build archived, not at the name's latest archive. The test plays the workers over HTTP: one
 * runs the archives, the other, registered only once both archives are in, the populates.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OverlappingHandOffIT {
    private static final List<String> WORKER_SCOPES = List.of("uapi_workers_post", "uapi_work_get",
            "uapi_work_id_output_post", "uapi_work_id_result_post", "uapi_work_id_heartbeat_post");
    private static final String SHA_RELEASE = "a".repeat(64);
    private static final String SHA_PUSH = "b".repeat(64);

    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String project = "handoff-" + id;
    private final String blob = "source/handoff-" + id;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void eachBuildsPopulateIsPinnedAtWhatItsOwnBuildArchived() {
        String file = """
                {"projects": [{"project": "%1$s", "pipelines": ["fetch-%2$s", "use-%2$s"]}],
                 "pipelines": [
                  {"pipeline": "fetch-%2$s", "labels": ["fetch-%2$s"],
                   "actions": [{"archive": "workspace", "blob": "%3$s"}]},
                  {"pipeline": "use-%2$s", "needs": ["fetch-%2$s"], "workspace": "own", "labels": ["use-%2$s"],
                   "actions": [{"populate": "workspace", "blob": "%3$s"}]}]}
                """.formatted(project, id, blob);
        HttpResponse<String> made = admin.post("/api/v1/make-it-so", file);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
        Api fetcher = worker("fetcher", "fetch-" + id);

        long release = trigger();
        archive(fetcher, release, SHA_RELEASE);
        long push = trigger();
        archive(fetcher, push, SHA_PUSH); // the name's latest archive: what the table pins now

        Api user = worker("user", "use-" + id);
        JsonNode releasePopulate = populate(user);
        assertThat(releasePopulate.get("buildNumber").asLong()).isEqualTo(release);
        assertThat(releasePopulate.get("pins").get(blob).asText()).as("its own build's archive, not the push's")
                .isEqualTo(SHA_RELEASE);
        result(user, releasePopulate, "{\"exitCode\": 1, \"message\": \"populate: blob is not as pinned\"}");
        JsonNode pushPopulate = populate(user);
        assertThat(pushPopulate.get("buildNumber").asLong()).isEqualTo(push);
        assertThat(pushPopulate.get("pins").get(blob).asText()).isEqualTo(SHA_PUSH);
        result(user, pushPopulate, "{\"exitCode\": 0}");
    }

    private Api worker(String name, String label) {
        Api worker = Api.client(name + "-" + id, "secret-" + name + "-" + id, WORKER_SCOPES);
        HttpResponse<String> r = worker.post("/api/v1/workers", "{\"labels\": [\"" + label + "\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return worker;
    }

    private long trigger() {
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Api.json(r).get("number").asLong();
    }

    /** Runs build {@code number}'s actions up to its archive, which says it stored the blob with {@code sha256}. */
    private void archive(Api worker, long number, String sha256) {
        while (true) {
            JsonNode item = claim(worker);
            assertThat(item.get("buildNumber").asLong()).isEqualTo(number);
            if ("workspace".equals(item.get("step").path("archive").asText())) {
                result(worker, item, "{\"exitCode\": 0, \"stored\": {\"" + blob + "\": \"" + sha256 + "\"}}");
                return;
            }
            result(worker, item, "{\"exitCode\": 0}");
        }
    }

    /** The next populate of the blob for {@code worker}; what comes before it (its workspace) succeeds. */
    private JsonNode populate(Api worker) {
        while (true) {
            JsonNode item = claim(worker);
            if ("workspace".equals(item.get("step").path("populate").asText())
                    && blob.equals(item.get("step").path("blob").asText())) {
                return item;
            }
            result(worker, item, "{\"exitCode\": 0}");
        }
    }

    private JsonNode claim(Api worker) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = worker.get("/api/v1/work?wait=5");
            if (r.statusCode() == 204) {
                continue;
            }
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode item = Api.json(r);
            assertThat(item.get("project").asText()).isEqualTo(project);
            return item;
        }
        throw new AssertionError("no action of " + project + " came");
    }

    private void result(Api worker, JsonNode item, String body) {
        HttpResponse<String> r = worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result?attempt="
                + item.get("attempt").asInt(), body);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }
}
