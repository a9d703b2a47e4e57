package ick.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VersionIT {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void versionIsPublicAndSaysWhereTheTokenEndpointIs() {
        HttpResponse<String> r = Api.anonymous().get("/api/v1/version");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Api.json(r).get("name").asText()).isEqualTo("ick");
        assertThat(Api.json(r).get("tokenUrl").asText()).endsWith("/token");
        // the build's ick.version.label (the project's version here), written into the EJB module by Maven
        assertThat(Api.json(r).get("version").asText()).isNotEqualTo("unknown").doesNotContain("${")
                .matches("[0-9][0-9A-Za-z.+~:-]*");
    }

    @Test
    void theServerPublishesAnOpenApiDocumentOfTheApi() {
        HttpResponse<String> r = Api.anonymous().get("/openapi");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/api/v1/projects").contains("/api/v1/work");
    }

    @Test
    void healthIsUpOnTheManagementPort() {
        int port = Integer.parseInt(System.getProperty("ick.it.http.port", "8180")) - 8080 + 9990;
        HttpResponse<String> r = Api.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/health")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void statusNeedsAToken() {
        HttpResponse<String> r = Api.anonymous().get("/api/v1/status");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void adminTokenReadsStatus() {
        HttpResponse<String> r = Api.admin().get("/api/v1/status");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Api.json(r).has("projects")).isTrue();
    }
}
