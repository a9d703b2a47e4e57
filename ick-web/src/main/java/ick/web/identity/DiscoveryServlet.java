package ick.web.identity;

import ick.identity.IdentitySettings;
import ick.protocol.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /.well-known/openid-configuration}: OpenID Connect discovery, where an OIDC client (WildFly's, for
 * the web UI) learns where ick's issuer logs people in, hands out tokens and publishes its keys. Every URL is
 * under {@code ick.issuer}, the public URL the issuer is known by.
 */
@WebServlet("/.well-known/openid-configuration")
public class DiscoveryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String issuer = IdentitySettings.fromConfig().issuer();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", base + AuthorizeServlet.PATH);
        doc.put("token_endpoint", base + "/token");
        doc.put("jwks_uri", base + "/.well-known/jwks.json");
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("scopes_supported", List.of("openid"));
        doc.put("claims_supported", List.of("sub", "preferred_username", "roles", "scope"));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        Json.mapper().writeValue(response.getOutputStream(), doc);
    }
}
