package ick.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Administering the token issuer's clients: {@code /api/v1/clients}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientsIT {
    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private static String newId() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String spec(String secret, String... scopes) {
        return "{\"secret\":\"" + secret + "\",\"scopes\":[" + String.join(",",
                java.util.Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList()) + "]}";
    }

    @Test
    void putCreatesThenUpdatesAndTheSameAgainChangesNothing() {
        String id = newId();
        HttpResponse<String> created = Api.admin().put("/api/v1/clients/" + id, spec("first-secret", "uapi_work_get"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/v1/clients/" + id));
        assertThat(Api.admin().put("/api/v1/clients/" + id, spec("first-secret", "uapi_work_get")).statusCode()).isEqualTo(200);
        HttpResponse<String> updated = Api.admin().put("/api/v1/clients/" + id, spec("second-secret", "uapi_work_get", "uapi_status_get"));
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(Api.tokenResponse(id, "first-secret", "grant_type=client_credentials").statusCode()).isEqualTo(401);
        HttpResponse<String> token = Api.tokenResponse(id, "second-secret", "grant_type=client_credentials");
        assertThat(Api.json(token).get("scope").asText()).isEqualTo("uapi_status_get uapi_work_get");
    }

    @Test
    void theListShowsIdsAndScopesButNeverASecretOrItsHash() {
        String id = newId();
        Api.admin().put("/api/v1/clients/" + id, spec("listed-secret", "uapi_work_get"));
        HttpResponse<String> r = Api.admin().get("/api/v1/clients");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("listed-secret").doesNotContain("pbkdf2").doesNotContain("secret");
        JsonNode mine = null;
        for (JsonNode client : Api.json(r)) {
            if (client.get("id").asText().equals(id)) {
                mine = client;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("scopes").get(0).asText()).isEqualTo("uapi_work_get");
        assertThat(mine.size()).isEqualTo(2);
    }

    @Test
    void putAnswersShowNoSecretEither() {
        HttpResponse<String> r = Api.admin().put("/api/v1/clients/" + newId(), spec("answer-secret", "uapi_work_get"));
        assertThat(r.body()).doesNotContain("answer-secret").doesNotContain("pbkdf2");
    }

    @Test
    void deleteRemovesTheClientAndItGetsNoMoreTokens() {
        String id = newId();
        Api.admin().put("/api/v1/clients/" + id, spec("doomed-secret", "uapi_work_get"));
        assertThat(Api.admin().delete("/api/v1/clients/" + id).statusCode()).isEqualTo(204);
        assertThat(Api.tokenResponse(id, "doomed-secret", "grant_type=client_credentials").statusCode()).isEqualTo(401);
        assertThat(Api.admin().delete("/api/v1/clients/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aBadIdUnknownScopeOrShortSecretIs400() {
        assertThat(Api.admin().put("/api/v1/clients/-bad", spec("good-secret", "uapi_work_get")).statusCode()).isEqualTo(400);
        assertThat(Api.admin().put("/api/v1/clients/a%20b", spec("good-secret", "uapi_work_get")).statusCode()).isEqualTo(400);
        HttpResponse<String> r = Api.admin().put("/api/v1/clients/" + newId(), spec("good-secret", "uapi_work_get", "root"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("root");
        assertThat(Api.admin().put("/api/v1/clients/" + newId(), spec("short", "uapi_work_get")).statusCode()).isEqualTo(400);
    }

    @Test
    void theBootstrapAdminIsListedWithEveryScope() {
        for (JsonNode client : Api.json(Api.admin().get("/api/v1/clients"))) {
            if (client.get("id").asText().equals("admin")) {
                assertThat(client.get("scopes").size()).isEqualTo(ick.identity.Scopes.ADMIN.size());
                return;
            }
        }
        throw new AssertionError("no admin client");
    }

    /** A user and a client of one name share a token subject: only an admin client and an admin user may. */
    @Test
    void aUserAndAWorkerClientMayNotShareAName() {
        String worker = newId();
        assertThat(Api.admin().put("/api/v1/clients/" + worker, spec("worker-secret", "@worker")).statusCode())
                .isEqualTo(201);
        HttpResponse<String> user = Api.admin().put("/api/v1/users/" + worker,
                "{\"password\": \"long enough\", \"role\": \"admin\"}");
        assertThat(user.statusCode()).as(user.body()).isEqualTo(409);
        assertThat(user.body()).contains("is already the name of a client");

        String person = newId();
        assertThat(Api.admin().put("/api/v1/users/" + person, "{\"password\": \"long enough\", \"role\": \"admin\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> client = Api.admin().put("/api/v1/clients/" + person, spec("worker-secret", "@worker"));
        assertThat(client.statusCode()).as(client.body()).isEqualTo(409);
        assertThat(client.body()).contains("is already the name of a user");
        assertThat(Api.admin().put("/api/v1/clients/" + person, spec("admin-secret", "@admin")).statusCode())
                .as("an admin client beside an admin user").isEqualTo(201);
    }
}
