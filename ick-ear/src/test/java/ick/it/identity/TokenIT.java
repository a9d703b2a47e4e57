package ick.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The token endpoint, {@code POST /token}, and the public keys at {@code /.well-known/jwks.json}. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TokenIT {
    private static final String GRANT = "grant_type=client_credentials";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private static String newClient(List<String> scopes) {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Api.client(id, "secret-of-" + id, scopes);
        return id;
    }

    @Test
    void goodCredentialsGetASignedTokenWithTheClientsClaims() throws Exception {
        String id = newClient(List.of("uapi_work_get", "uapi_workers_post"));
        HttpResponse<String> r = Api.tokenResponse(id, "secret-of-" + id, GRANT);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = Api.json(r);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("scope").asText()).isEqualTo("uapi_work_get uapi_workers_post");

        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asText());
        JWKSet published = JWKSet.parse(Api.anonymous().get("/.well-known/jwks.json").body());
        RSAKey key = (RSAKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the token's kid names a published key").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(TestEnv.baseUrl());
        assertThat(claims.getAudience()).containsExactly("ick");
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000);
        assertThat(claims.getStringClaim("scope")).isEqualTo("uapi_work_get uapi_workers_post");
    }

    @Test
    void theJwksHasPublicKeysOnly() {
        HttpResponse<String> r = Api.anonymous().get("/.well-known/jwks.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"kty\":\"RSA\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void aNarrowerScopeCanBeAskedFor() {
        String id = newClient(List.of("uapi_work_get", "uapi_workers_post"));
        HttpResponse<String> r = Api.tokenResponse(id, "secret-of-" + id, GRANT + "&scope=uapi_work_get");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Api.json(r).get("scope").asText()).isEqualTo("uapi_work_get");
    }

    @Test
    void aScopeTheClientLacksIsInvalidScope() {
        String id = newClient(List.of("uapi_work_get"));
        HttpResponse<String> r = Api.tokenResponse(id, "secret-of-" + id, GRANT + "&scope=uapi_work_get+uapi_clients_get");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void aWrongSecretIsInvalidClientWithABasicChallenge() {
        String id = newClient(List.of("uapi_work_get"));
        HttpResponse<String> r = Api.tokenResponse(id, "not-the-secret", GRANT);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"ick\"");
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void anUnknownClientIsAnsweredLikeAWrongSecret() {
        HttpResponse<String> r = Api.tokenResponse("no-such-client", "whatever-secret", GRANT);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void onlyTheClientCredentialsGrantIsSupported() {
        String id = newClient(List.of("uapi_work_get"));
        HttpResponse<String> r = Api.tokenResponse(id, "secret-of-" + id, "grant_type=password&username=a&password=b");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("unsupported_grant_type");
        r = Api.tokenResponse(id, "secret-of-" + id, "scope=uapi_work_get");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void credentialsMayBeSentInTheForm() {
        String id = newClient(List.of("uapi_work_get"));
        HttpResponse<String> r = Api.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(GRANT + "&client_id=" + id + "&client_secret=secret-of-" + id)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aSecretWithCharactersFormEncodingChangesWorksEncodedOrNot() {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "a+b/c%d e=f:g";
        Api.client(id, secret, List.of("uapi_work_get"));
        assertThat(Api.tokenResponse(id, secret, GRANT).statusCode()).isEqualTo(200); // encoded, as RFC 6749 says
        String raw = java.util.Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = Api.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/token"))
                .header("Authorization", "Basic " + raw)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(GRANT)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void onlyPostIsAllowed() {
        HttpResponse<String> r = Api.anonymous().get("/token");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aFormOver64KiBIsRefused() {
        HttpResponse<String> r = Api.tokenResponse("admin", TestEnv.adminSecret(), GRANT + "&pad=" + "x".repeat(70_000));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void aBodyThatIsNotAFormIsInvalidRequest() {
        HttpResponse<String> r = Api.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/token"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_request");
    }
}
