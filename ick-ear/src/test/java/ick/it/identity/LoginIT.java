package ick.it.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ick.it.Api;
import ick.it.TestEnv;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The login endpoints over plain HTTP, as a browser and the UI's OIDC client use them: discovery,
 * {@code /authorize} (PKCE required, redirect URIs checked before any redirect), the authorization-code grant
 * (one use, verifier checked), and {@code PUT /api/v1/users/{name}}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LoginIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String redirect = TestEnv.baseUrl() + "/ui/";

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return TestEnv.ear();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> authorizeParams(String verifier) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", "ick-ui");
        p.put("redirect_uri", redirect);
        p.put("state", "st-" + id);
        p.put("scope", "openid");
        p.put("code_challenge", challenge(verifier));
        p.put("code_challenge_method", "S256");
        return p;
    }

    private static HttpResponse<String> getAuthorize(Map<String, String> params) {
        return Api.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + "/authorize?" + form(params))).GET());
    }

    private static HttpResponse<String> postForm(String path, Map<String, String> params) {
        return Api.send(HttpRequest.newBuilder(URI.create(TestEnv.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form(params))));
    }

    private String user(String role) {
        String password = "pw-" + role + "-" + id;
        HttpResponse<String> r = Api.admin().put("/api/v1/users/" + role + "-" + id,
                "{\"password\": \"" + password + "\", \"role\": \"" + role + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain(password).contains("\"role\":\"" + role + "\"");
        return password;
    }

    /** Logs in on the form and returns the code the browser is sent back with. */
    private String code(String user, String password, String verifier) {
        Map<String, String> p = authorizeParams(verifier);
        HttpResponse<String> page = getAuthorize(p);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"password\"");
        p.put("username", user);
        p.put("password", password);
        HttpResponse<String> r = postForm("/authorize", p);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect + "?code=").endsWith("&state=st-" + id);
        return java.net.URLDecoder.decode(location.substring((redirect + "?code=").length(), location.indexOf("&state=")),
                StandardCharsets.UTF_8);
    }

    private static JsonNode claims(String jwt) {
        try {
            return ick.protocol.Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> exchange(String code, String verifier) {
        return postForm("/token", Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirect,
                "client_id", "ick-ui", "code_verifier", verifier));
    }

    @Test
    void discoveryDescribesTheIssuer() {
        HttpResponse<String> r = Api.anonymous().get("/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = Api.json(r);
        assertThat(doc.get("issuer").asText()).isEqualTo(TestEnv.baseUrl());
        assertThat(doc.get("authorization_endpoint").asText()).isEqualTo(TestEnv.baseUrl() + "/authorize");
        assertThat(doc.get("token_endpoint").asText()).isEqualTo(TestEnv.baseUrl() + "/token");
        assertThat(doc.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        HttpResponse<String> jwks = Api.send(HttpRequest.newBuilder(URI.create(doc.get("jwks_uri").asText())).GET());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(Api.json(jwks).get("keys").size()).isPositive();
    }

    @Test
    void aLoginGivesACodeThatIsExchangedOnceWithItsVerifier() {
        String password = user("admin");
        String verifier = verifier();
        String code = code("admin-" + id, password, verifier);

        HttpResponse<String> tokens = exchange(code, verifier);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode answer = Api.json(tokens);
        assertThat(answer.get("id_token").asText()).isNotEmpty();
        String access = answer.get("access_token").asText();
        assertThat(claims(access).get("preferred_username").asText()).isEqualTo("admin-" + id);
        assertThat(claims(access).get("roles").toString()).contains("admin");
        assertThat(Api.withToken(access).get("/api/v1/projects").statusCode()).isEqualTo(200);

        HttpResponse<String> replay = exchange(code, verifier);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(Api.json(replay).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongVerifierIsAnInvalidGrant() {
        String password = user("viewer");
        String code = code("viewer-" + id, password, verifier());
        HttpResponse<String> r = exchange(code, verifier());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Api.json(r).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(r.body()).doesNotContain("access_token");
    }

    @Test
    void aWrongPasswordIsRefusedOnThePageWithoutACode() {
        user("viewer");
        Map<String, String> p = authorizeParams(verifier());
        p.put("username", "viewer-" + id);
        p.put("password", "not the password");
        HttpResponse<String> r = postForm("/authorize", p);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Location")).isEmpty();
        assertThat(r.body()).contains("Wrong user name or password");
    }

    @Test
    void withoutPkceTheClientGetsAnError() {
        Map<String, String> p = authorizeParams(verifier());
        p.remove("code_challenge");
        p.remove("code_challenge_method");
        HttpResponse<String> r = getAuthorize(p);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow())
                .startsWith(redirect + "?error=invalid_request").endsWith("&state=st-" + id);

        p = authorizeParams(verifier());
        p.put("code_challenge_method", "plain");
        assertThat(getAuthorize(p).headers().firstValue("Location").orElseThrow()).contains("error=invalid_request");
    }

    @Test
    void anUnknownRedirectUriOrClientIsNeverRedirectedTo() {
        for (String uri : List.of("https://evil.example/ui/", TestEnv.baseUrl() + "/api/", redirect + "../api/",
                redirect + "#x")) {
            Map<String, String> p = authorizeParams(verifier());
            p.put("redirect_uri", uri);
            HttpResponse<String> r = getAuthorize(p);
            assertThat(r.statusCode()).as(uri).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as(uri).isEmpty();
            p.put("username", "x");
            p.put("password", "y");
            assertThat(postForm("/authorize", p).statusCode()).as(uri).isEqualTo(400);
        }
        Map<String, String> p = authorizeParams(verifier());
        p.put("client_id", "someone-else");
        HttpResponse<String> r = getAuthorize(p);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void badUsersAreRefusedAndOnlyIdentityAdminsMayPutThem() {
        Api admin = Api.admin();
        for (String body : List.of("{\"password\": \"short\", \"role\": \"viewer\"}",
                "{\"password\": \"long enough\", \"role\": \"king\"}",
                "{\"role\": \"viewer\"}", "null")) {
            HttpResponse<String> r = admin.put("/api/v1/users/u-" + id, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        HttpResponse<String> badName = admin.put("/api/v1/users/" + encode("bad name<" + id),
                "{\"password\": \"long enough\", \"role\": \"viewer\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).doesNotContain("long enough");

        String body = "{\"password\": \"long enough\", \"role\": \"admin\"}";
        assertThat(Api.anonymous().put("/api/v1/users/u-" + id, body).statusCode()).isEqualTo(401);
        Api reader = Api.client("reader-" + id, "secret-reader-" + id, List.of("uapi_projects_get"));
        assertThat(reader.put("/api/v1/users/u-" + id, body).statusCode()).isEqualTo(403);

        // a viewer logged in through the UI may not make itself (or anyone) an admin
        String password = user("viewer");
        String verifier = verifier();
        String access = Api.json(exchange(code("viewer-" + id, password, verifier), verifier)).get("access_token").asText();
        assertThat(Api.withToken(access).put("/api/v1/users/viewer-" + id, body).statusCode()).isEqualTo(403);
        assertThat(admin.get("/api/v1/projects").statusCode()).isEqualTo(200);
        // nothing of the refused requests was stored
        HttpResponse<String> again = admin.put("/api/v1/users/u-" + id, "{\"password\": \"long enough\", \"role\": \"viewer\"}");
        assertThat(again.statusCode()).as("u-" + id + " did not exist yet").isEqualTo(201);
    }
}
