package ick.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.RSAKey;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the API says to a caller without a valid token (401) or without the scope (403). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiAuthIT {
    private static final String PATH = "/api/v1/clients";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    @Test
    void aValidTokenWithTheScopeIsLetIn() {
        assertThat(Api.admin().get(PATH).statusCode()).isEqualTo(200);
        assertThat(Api.withToken(Tokens.sign(Tokens.serverKey(), Tokens.validClaims().build())).get(PATH).statusCode())
                .as("a token made like the server's own").isEqualTo(200);
    }

    @Test
    void noTokenIs401WithABearerChallengeAndAProblem() {
        HttpResponse<String> r = Api.anonymous().get(PATH);
        assertUnauthorized(r);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ick\"");
    }

    @Test
    void anExpiredTokenIs401() {
        Instant past = Instant.now().minusSeconds(7200);
        assertInvalidToken(Tokens.sign(Tokens.serverKey(), Tokens.validClaims()
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(3600))).build()));
    }

    @Test
    void aTokenOfAnotherIssuerIs401() {
        assertInvalidToken(Tokens.sign(Tokens.serverKey(), Tokens.validClaims().issuer("https://evil.example").build()));
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        assertInvalidToken(Tokens.sign(Tokens.serverKey(), Tokens.validClaims().audience("not-ick").build()));
    }

    @Test
    void aTamperedTokenIs401() {
        String[] parts = Api.admin().token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"admin\"", "\"sub\":\"root\"");
        assertThat(payload).contains("root");
        assertInvalidToken(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
    }

    @Test
    void anUnsignedTokenIs401() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Tokens.validClaims().build().toString().getBytes(StandardCharsets.UTF_8));
        assertInvalidToken(header + "." + payload + ".");
    }

    @Test
    void aTokenNamingAnUnknownKeyIs401Not500() {
        assertInvalidToken(Tokens.sign(Tokens.otherKey("no-such-key-" + UUID.randomUUID()), Tokens.validClaims().build()));
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheServersKeyIdIs401() {
        assertInvalidToken(Tokens.sign(Tokens.otherKey(Tokens.serverKey().getKeyID()), Tokens.validClaims().build()));
    }

    @Test
    void aTokenSignedByAnotherKeyWithoutKeyIdIs401() {
        RSAKey other = Tokens.otherKey(null);
        assertInvalidToken(Tokens.sign(other, Tokens.validClaims().build()));
    }

    @Test
    void garbageIs401() {
        assertInvalidToken("garbage");
        assertInvalidToken("a.b.c");
    }

    @Test
    void aValidTokenWithoutTheScopeIs403WithAProblemNamingTheScope() {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> r = Api.client(id, "secret-of-" + id, List.of("uapi_status_get")).get(PATH);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Api.json(r);
        assertThat(problem.get("status").asInt()).isEqualTo(403);
        assertThat(problem.get("detail").asText()).contains("uapi_clients_get");
    }

    private static void assertInvalidToken(String token) {
        HttpResponse<String> r = Api.withToken(token).get(PATH);
        assertUnauthorized(r);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ick\", error=\"invalid_token\"");
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Api.json(r);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isEqualTo("Unauthorized");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
