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
