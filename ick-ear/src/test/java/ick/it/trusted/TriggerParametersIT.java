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
 * Trigger-time parameters: {@code POST /projects/{p}/builds} with {@code {"parameters": {...}}} and
 * {@code icktool build P --param NAME=VALUE}; stored on the build, given to its actions; a name the project
 * does not declare is a 400 and makes no build. The worker is a raw client of the worker protocol, to see the
 * work items as they are given.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TriggerParametersIT {
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Api admin = Api.admin();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private String define() {
        String project = "params-" + id;
        String file = """
                {"projects": [{"project": "%s", "parameters": {"git_ref": "main", "greeting": "hello"},
                               "pipelines": ["p-%s"]}],
                 "pipelines": [{"pipeline": "p-%s", "parameters": ["git_ref", "greeting"], "labels": ["params-%s"],
                                "actions": [{"shell": "true"}]}]}""".formatted(project, project, project, id);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return project;
    }

    /** The parameters of the shell action (node 1) of {@code build}, as a worker is given them. */
    private JsonNode parametersGivenToTheAction(String build) {
        Api worker = Api.client("w-" + id, "secret-of-w-" + id, List.of("@worker"));
        assertThat(worker.post("/api/v1/workers", "{\"labels\": [\"params-" + id + "\"]}").statusCode()).isEqualTo(200);
        for (int node = 0; node < 2; node++) {
            HttpResponse<String> r = worker.get("/api/v1/work?wait=20");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode item = Api.json(r);
            assertThat(item.get("build").asText()).isEqualTo(build);
            if (item.get("index").asInt() == 1) {
                worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result?attempt="
                        + item.get("attempt").asInt(), "{\"exitCode\": 0}");
                return item.get("parameters");
            }
            worker.post("/api/v1/work/" + item.get("actionId").asLong() + "/result?attempt="
                    + item.get("attempt").asInt(), "{\"exitCode\": 0}");
        }
        throw new AssertionError("no action 1");
    }

    private int buildCount(String project) {
        return Api.json(admin.get("/api/v1/projects/" + project + "/builds")).size();
    }

    @Test
    void valuesGivenAtTheTriggerAreStoredAndGivenToTheActions() {
        String project = define();
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds",
                "{\"parameters\": {\"git_ref\": \"refs/tags/release/1.2.3\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Api.json(r).get("parameters").get("git_ref").asText()).isEqualTo("refs/tags/release/1.2.3");
        String build = project + "/" + Api.json(r).get("number").asLong();
        JsonNode stored = Api.json(admin.get("/api/v1/projects/" + project + "/builds/1"));
        assertThat(stored.get("parameters").toString()).isEqualTo("{\"git_ref\":\"refs/tags/release/1.2.3\"}");

        JsonNode given = parametersGivenToTheAction(build);
        assertThat(given.get("git_ref").asText()).isEqualTo("refs/tags/release/1.2.3");
        assertThat(given.get("greeting").asText()).as("the project's value where none was given").isEqualTo("hello");
        // The project itself is unchanged: the next build without parameters gets its values.
        assertThat(Api.json(admin.get("/api/v1/projects/" + project)).get("parameters").get("git_ref").asText())
                .isEqualTo("main");
        r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(Api.json(r).has("parameters")).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.json(admin.get("/api/v1/projects/" + project
                + "/builds/1")).get("state").asText().equals("succeeded"));
        assertThat(parametersGivenToTheAction(project + "/2").get("git_ref").asText()).isEqualTo("main");
    }

    @Test
    void aNameTheProjectDoesNotDeclareANullOrBadJsonIs400AndMakesNoBuild() {
        String project = define();
        HttpResponse<String> r = admin.post("/api/v1/projects/" + project + "/builds",
                "{\"parameters\": {\"git_ref\": \"v1\", \"pgp_key\": \"someone-else\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Api.json(r).get("errors").get(0).asText())
                .isEqualTo("parameter \"pgp_key\" is not one of the project's parameters (git_ref, greeting)");
        r = admin.post("/api/v1/projects/" + project + "/builds", "{\"parameters\": {\"git_ref\": null}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("needs a value");
        for (String bad : List.of("{\"parameters\": [\"git_ref\"]}", "{\"params\": {}}", "{\"parameters\": {")) {
            r = admin.post("/api/v1/projects/" + project + "/builds", bad);
            assertThat(r.statusCode()).as(bad + " -> " + r.body()).isEqualTo(400);
        }
        assertThat(buildCount(project)).isZero();
        assertThat(admin.post("/api/v1/projects/no-such-" + id + "/builds", "{\"parameters\": {\"a\": \"b\"}}")
                .statusCode()).isEqualTo(404);
        // The counter did not move either: the next build is number 1.
        r = admin.post("/api/v1/projects/" + project + "/builds", "");
        assertThat(Api.json(r).get("number").asLong()).isEqualTo(1);
    }

    @Test
    void icktoolBuildTakesParams() throws Exception {
        String project = define();
        Icktool.Result ok = Icktool.run("build", project, "--param", "git_ref=refs/tags/release/2.0", "--param", "greeting=hi",
                "--json");
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        JsonNode build = ick.protocol.Json.mapper().readTree(ok.output());
        assertThat(build.get("parameters").get("git_ref").asText()).isEqualTo("refs/tags/release/2.0");
        assertThat(build.get("parameters").get("greeting").asText()).isEqualTo("hi");
        Icktool.Result refused = Icktool.run("build", project, "--param", "ssh_key=mine");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("\"ssh_key\" is not one of the project's parameters");
        assertThat(buildCount(project)).isEqualTo(1);
    }

}
