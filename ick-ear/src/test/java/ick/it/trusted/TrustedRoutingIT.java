package ick.it.trusted;

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
 * The controller routes trusted actions (of {@code trusted: true} pipelines) only to workers whose token holds
 * the scope {@code trusted}, and gives those workers nothing else. The workers here are raw HTTP clients of the
 * worker protocol, so that every answer of {@code GET /work} is seen.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TrustedRoutingIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    /** A project of one pipeline (trusted or not) of two actions; triggered, its build's path. */
    private String buildOf(String project, boolean trusted) {
        String file = """
                {"projects": [{"project": "%s", "pipelines": ["p-%s"]}],
                 "pipelines": [{"pipeline": "p-%s", "trusted": %s,
                                "actions": [{"action": "create_workspace"}, {"archive": "workspace"}]}]}"""
                .formatted(project, project, project, trusted);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String build = "/api/v1/projects/" + project + "/builds/" + Api.json(r).get("number").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> action(build, 0).path("state").asText().equals("ready"));
        return build;
    }

    private JsonNode action(String build, int index) {
        JsonNode actions = Api.json(admin.get(build + "/actions"));
        return actions.size() > index ? actions.get(index) : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static Api worker(String name, String scopeSet) {
        return Api.client(name, "secret-of-" + name, List.of(scopeSet));
    }

    /**
     * Polls {@code times} times (one second each) and returns the items of {@code build} it was given. Work of
     * other tests' builds that it gets is failed at once, so that it does not wait for a lease.
     */
    private static int takenFrom(Api worker, String build, int times) {
        int mine = 0;
        for (int i = 0; i < times; i++) {
            HttpResponse<String> r = worker.get("/api/v1/work?wait=1");
            assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
            if (r.statusCode() == 200) {
                JsonNode item = Api.json(r);
                if (build.endsWith("/" + item.get("build").asText().replace("/", "/builds/"))) {
                    mine++;
                } else {
                    report(worker, item, "result", "{\"exitCode\": 1}");
                }
            }
        }
        return mine;
    }

    private static HttpResponse<String> report(Api worker, JsonNode item, String what, String body) {
        return worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/" + what + "?attempt="
                + item.get("attempt").asInt(), body);
    }

    private static JsonNode take(Api worker) {
        HttpResponse<String> r = worker.get("/api/v1/work?wait=10");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Api.json(r);
    }

    @Test
    void aNormalWorkerNeverGetsATrustedActionWhileItIsReady() throws Exception {
        String build = buildOf("trusted-" + id, true);
        assertThat(action(build, 0).get("trusted").asBoolean()).as("node 0 of an all-trusted build").isTrue();
        Api normal = worker("normal-" + id, "@worker");
        assertThat(takenFrom(normal, build, 3)).isZero();
        assertThat(takenFrom(admin, build, 1)).as("the admin holds uapi_work_get but is no trusted worker").isZero();
        assertThat(action(build, 0).get("state").asText()).isEqualTo("ready");

        JsonNode item = take(worker("trusted-" + id, "@trusted"));
        assertThat(item.get("build").asText()).isEqualTo("trusted-" + id + "/1");
        assertThat(item.get("step").get("action").asText()).isEqualTo("create_workspace");
        assertThat(action(build, 0).get("worker").asText()).isEqualTo("trusted-" + id);
        Icktool.Result graph = Icktool.run("graph", "trusted-" + id + "/1");
        assertThat(graph.output()).as(graph.output()).containsPattern("(?m)^0 +- +create_workspace .* yes *$")
                .containsPattern("(?m)^2 +p-trusted-" + id + " +archive: workspace .* yes *$");
    }

    @Test
    void aTrustedWorkerNeverGetsANormalAction() {
        String build = buildOf("normal-" + id, false);
        assertThat(action(build, 0).path("trusted").asBoolean(false)).isFalse();
        Api trusted = worker("trusted-" + id, "@trusted");
        assertThat(takenFrom(trusted, build, 3)).isZero();
        assertThat(action(build, 0).get("state").asText()).isEqualTo("ready");

        JsonNode item = take(worker("normal-" + id, "@worker"));
        assertThat(item.get("build").asText()).isEqualTo("normal-" + id + "/1");
    }

    @Test
    void trustComesFromTheTokenNotFromTheWorkersRegistration() {
        String build = buildOf("token-" + id, true);
        // A worker that calls itself trusted, in its name and its labels, is not.
        Api claimant = worker("trusted-claimant-" + id, "@worker");
        HttpResponse<String> r = claimant.post("/api/v1/workers", "{\"labels\": [\"trusted\", \"scope=trusted\"]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(takenFrom(claimant, build, 2)).isZero();
        // A trusted client's token narrowed to the worker scopes (without "trusted") is an ordinary worker's.
        String name = "narrowed-" + id;
        worker(name, "@trusted");
        HttpResponse<String> t = Api.tokenResponse(name, "secret-of-" + name,
                "grant_type=client_credentials&scope=" + String.join("+", ick.identity.Scopes.WORKER));
        assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
        Api narrowed = Api.withToken(Api.json(t).get("access_token").asText());
        assertThat(takenFrom(narrowed, build, 2)).isZero();
        // The same client's full token is trusted.
        assertThat(take(Api.withToken(Api.token(name, "secret-of-" + name))).get("build").asText())
                .isEqualTo("token-" + id + "/1");
    }

    @Test
    void aTrustedWorkerReportingOnAnActionItDoesNotHoldIsRefusedAsAnyWorkerIs() {
        String trustedBuild = buildOf("held-" + id, true);
        String normalBuild = buildOf("plain-" + id, false);
        Api holder = worker("holder-" + id, "@trusted");
        Api other = worker("other-" + id, "@trusted");
        Api normal = worker("plain-" + id, "@worker");
        JsonNode trustedItem = take(holder);
        JsonNode normalItem = take(normal);
        assertThat(trustedItem.get("build").asText()).isEqualTo("held-" + id + "/1");
        assertThat(normalItem.get("build").asText()).isEqualTo("plain-" + id + "/1");
        for (JsonNode item : List.of(trustedItem, normalItem)) {
            assertThat(report(other, item, "result", "{\"exitCode\": 0}").statusCode()).isEqualTo(409);
            assertThat(report(other, item, "output", "{\"seq\": 0, \"data\": \"forged\\n\"}").statusCode()).isEqualTo(409);
            assertThat(report(other, item, "heartbeat", "").statusCode()).isEqualTo(409);
        }
        // A normal worker is refused on the trusted worker's action as well.
        assertThat(report(normal, trustedItem, "result", "{\"exitCode\": 0}").statusCode()).isEqualTo(409);
        // Nothing changed: both still building, held by their workers, no forged output.
        assertThat(action(trustedBuild, 0).get("state").asText()).isEqualTo("building");
        assertThat(action(trustedBuild, 0).get("worker").asText()).isEqualTo("holder-" + id);
        assertThat(action(normalBuild, 0).get("worker").asText()).isEqualTo("plain-" + id);
        assertThat(admin.get(trustedBuild + "/log").body()).doesNotContain("forged");
        // The holder's own report counts.
        assertThat(report(holder, trustedItem, "result", "{\"exitCode\": 0}").statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> action(trustedBuild, 0).get("state").asText().equals("succeeded"));
    }

    @Test
    void theTrustedShorthandGrantsTheWorkerScopesAndTrustedAndTheAdminHasNotGotIt() {
        worker("shorthand-" + id, "@trusted");
        JsonNode client = null;
        JsonNode adminClient = null;
        for (JsonNode c : Api.json(admin.get("/api/v1/clients"))) {
            if (c.get("id").asText().equals("shorthand-" + id)) {
                client = c;
            } else if (c.get("id").asText().equals("admin")) {
                adminClient = c;
            }
        }
        assertThat(client).isNotNull();
        assertThat(client.get("scopes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(ick.identity.Scopes.TRUSTED_WORKER);
        assertThat(adminClient.get("scopes")).extracting(JsonNode::asText).doesNotContain("trusted");
    }
}
