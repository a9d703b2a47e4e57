package ick.it.project;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** make-it-so and the project and pipeline resources, black-box over HTTP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProjectsIT {
    private final Api admin = Api.admin();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private String file(String shell) {
        return """
                {"projects": [{"project": "hello-%1$s", "parameters": {"target": "amd64"}, "pipelines": ["build-%1$s"]}],
                 "pipelines": [{"pipeline": "build-%1$s", "parameters": ["target"], "actions": [{"shell": "%2$s"}]}]}
                """.formatted(id, shell);
    }

    private static String outcomes(HttpResponse<String> r) {
        StringBuilder out = new StringBuilder();
        Api.json(r).get("changes").forEach(c -> out.append(c.get("kind").asText()).append('=')
                .append(c.get("outcome").asText()).append(' '));
        return out.toString().trim();
    }

    @Test
    void makeItSoCreatesThenLeavesUnchangedThenUpdates() {
        HttpResponse<String> first = admin.post("/api/v1/make-it-so", file("make"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(outcomes(first)).isEqualTo("pipeline=created project=created");

        assertThat(outcomes(admin.post("/api/v1/make-it-so", file("make")))).isEqualTo("pipeline=unchanged project=unchanged");
        assertThat(outcomes(admin.post("/api/v1/make-it-so", file("make -j4")))).isEqualTo("pipeline=updated project=unchanged");

        JsonNode pipeline = Api.json(admin.get("/api/v1/pipelines/build-" + id));
        assertThat(pipeline.get("actions").get(0).get("shell").asText()).isEqualTo("make -j4");
        JsonNode project = Api.json(admin.get("/api/v1/projects/hello-" + id));
        assertThat(project.get("pipelines").get(0).asText()).isEqualTo("build-" + id);
    }

    @Test
    void anInvalidFileIs400WithEveryErrorAndStoresNothing() {
        String bad = """
                {"projects": [{"project": "p-%1$s", "pipelines": ["missing-%1$s"]}, {"project": "a/b"}],
                 "pipelines": [{"pipeline": "ok-%1$s", "actions": [{"shell": "true"}, {"shel": "make"}]}]}
                """.formatted(id);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", bad);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Api.json(r);
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("errors").toString())
                .contains("pipeline \\\"ok-" + id + "\\\", action 2: unknown key \\\"shel\\\"")
                .contains("pipeline \\\"missing-" + id + "\\\" is neither in the file nor stored")
                .contains("project 2: invalid name");
        assertThat(admin.get("/api/v1/pipelines/ok-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/projects/p-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aKeyPastedWhereASecretsNameBelongsIs400AndIsNeitherStoredNorRepeated() throws Exception {
        String body = "lFgEZ1c2mxYJKwYBBAHaRw8BAQdA" + id + "m3Zc5yq0rQe9M5f9cQ0uJ8nqkJmB8m8Zz8K2";
        String key = "-----BEGIN PGP PRIVATE KEY BLOCK-----\\n\\n" + body + "\\n-----END PGP PRIVATE KEY BLOCK-----\\n";
        String file = """
                {"projects": [{"project": "signed-%1$s", "parameters": {"pgp_key": "%2$s"}, "pipelines": ["publish-%1$s"]}],
                 "pipelines": [{"pipeline": "publish-%1$s", "trusted": true, "parameters": ["pgp_key"],
                                "actions": [{"action": "publish_debs"}]}]}
                """.formatted(id, key);
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", file);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Api.json(r).get("errors").get(0).asText()).startsWith("project \"signed-" + id + "\", parameter"
                + " \"pgp_key\": the value must be the name of a secret on the trusted worker").endsWith(" characters,"
                + " not shown) is not such a name");
        assertThat(r.body()).doesNotContain(body).doesNotContain("PRIVATE KEY");
        assertThat(admin.get("/api/v1/projects/signed-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/pipelines/publish-" + id).statusCode()).isEqualTo(404);

        HttpResponse<String> put = admin.put("/api/v1/projects/signed-" + id,
                "{\"project\": \"signed-" + id + "\", \"parameters\": {\"ssh_key\": \"" + key + "\"}, \"pipelines\": []}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
        assertThat(put.body()).contains("parameter \\\"ssh_key\\\": the value must be the name of a secret")
                .doesNotContain(body);
        assertThat(admin.get("/api/v1/projects/signed-" + id).statusCode()).isEqualTo(404);
        Path serverLog = Path.of(System.getProperty("jboss.home"), "standalone/log/server.log");
        assertThat(Files.readString(serverLog)).doesNotContain(body);
    }

    @Test
    void malformedJsonIs400WithItsPosition() {
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", "{\"projects\": [\n  {\"project\": }]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Api.json(r).get("detail").asText()).contains("malformed JSON").contains("line 2");
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        HttpResponse<String> r = admin.post("/api/v1/make-it-so",
                "{\"projects\": [{\"project\": \"x-" + id + "\", \"pipelinez\": []}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Api.json(r).get("detail").asText()).contains("unknown field \"pipelinez\"").contains("projects[0]")
                .contains("line 1");
        assertThat(admin.get("/api/v1/projects/x-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String big = "{\"projects\": [], \"pipelines\": [], \"x\": \"" + "a".repeat(1024 * 1024) + "\"}";
        HttpResponse<String> r = admin.post("/api/v1/make-it-so", big);
        assertThat(r.statusCode()).isEqualTo(413);

        String bigButWellFormed = "{\"pipelines\": [{\"pipeline\": \"big-" + id + "\", \"actions\": [{\"shell\": \""
                + "a".repeat(1024 * 1024) + "\"}]}]}";
        byte[] bytes = bigButWellFormed.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = Api.send(admin.request("/api/v1/make-it-so")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(admin.get("/api/v1/pipelines/big-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownItemsAre404() {
        assertThat(admin.get("/api/v1/projects/nope-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/pipelines/nope-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.delete("/api/v1/projects/nope-" + id).statusCode()).isEqualTo(404);
        assertThat(admin.post("/api/v1/projects/nope-" + id + "/builds", "").statusCode()).isEqualTo(404);
    }

    @Test
    void putCreatesThenReplacesAndDeletingAPipelineInUseIs409() {
        String pipeline = "{\"pipeline\": \"lib-%s\", \"actions\": [{\"shell\": \"true\"}]}".formatted(id);
        assertThat(admin.put("/api/v1/pipelines/lib-" + id, pipeline).statusCode()).isEqualTo(201);
        assertThat(admin.put("/api/v1/pipelines/lib-" + id, pipeline).statusCode()).isEqualTo(200);
        String project = "{\"project\": \"user-%1$s\", \"pipelines\": [\"lib-%1$s\"]}".formatted(id);
        assertThat(admin.put("/api/v1/projects/user-" + id, project).statusCode()).isEqualTo(201);
        assertThat(admin.put("/api/v1/projects/other-" + id, project).statusCode()).isEqualTo(400);

        HttpResponse<String> inUse = admin.delete("/api/v1/pipelines/lib-" + id);
        assertThat(inUse.statusCode()).isEqualTo(409);
        assertThat(Api.json(inUse).get("detail").asText()).contains("user-" + id);

        assertThat(admin.delete("/api/v1/projects/user-" + id).statusCode()).isEqualTo(204);
        assertThat(admin.delete("/api/v1/pipelines/lib-" + id).statusCode()).isEqualTo(204);
        assertThat(admin.get("/api/v1/pipelines/lib-" + id).statusCode()).isEqualTo(404);
    }
}
