package ick.web.identity;

import ick.identity.AccessToken;
import ick.identity.LoginService;
import ick.identity.TokenRequestException;
import ick.identity.TokenRequestException.Error;
import ick.identity.TokenService;
import ick.protocol.Json;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The token endpoint, {@code POST /token}: OAuth2 client-credentials grant (RFC 6749, 4.4), and the
 * authorization-code grant with PKCE of the web UI's logins ({@link CodeTokenRequest}). Answers in
 * OAuth's own JSON ({@code {"error": "invalid_client"}}), not problem+json, because OAuth clients expect it.
 */
@WebServlet("/token")
public class TokenServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** A token request is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BODY = 64 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";

    @Inject
    transient TokenService tokens;

    @Inject
    transient LoginService logins;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            error(response, 405, Error.INVALID_REQUEST, "the token endpoint takes POST only");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            error(response, 413, Error.INVALID_REQUEST, "a token request is at most " + MAX_BODY + " bytes");
            return;
        }
        String contentType = request.getContentType();
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(FORM)) {
            error(response, 400, Error.INVALID_REQUEST, "the body must be " + FORM);
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), MAX_BODY);
        if (body == null) {
            error(response, 413, Error.INVALID_REQUEST, "a token request is at most " + MAX_BODY + " bytes");
            return;
        }
        try {
            String form = new String(body, StandardCharsets.UTF_8);
            if (CodeTokenRequest.GRANT_TYPE.equals(TokenRequest.formParameters(form).get("grant_type"))) {
                write(response, 200, CodeTokenRequest.parse(form).answer(logins));
                return;
            }
            TokenRequest tokenRequest = TokenRequest.parse(new String(body, StandardCharsets.UTF_8), request.getHeader("Authorization"));
            AccessToken token = grant(tokenRequest);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("access_token", token.value());
            answer.put("token_type", "Bearer");
            answer.put("expires_in", token.expiresIn());
            answer.put("scope", token.scope());
            write(response, 200, answer);
        } catch (TokenRequestException e) {
            error(response, e.error() == Error.INVALID_CLIENT ? 401 : 400, e.error(), e.getMessage());
        }
    }

    /** Tries each way the client may have meant its secret; the first that authenticates it gets the token. */
    private AccessToken grant(TokenRequest request) throws TokenRequestException {
        TokenRequestException refused = null;
        for (String secret : request.secrets()) {
            try {
                return tokens.grant(request.clientId(), secret, request.scope());
            } catch (TokenRequestException e) {
                if (e.error() != Error.INVALID_CLIENT) {
                    throw e;
                }
                refused = e;
            }
        }
        throw refused;
    }

    private static void error(HttpServletResponse response, int status, Error error, String description) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"ick\"");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("error", error.code());
        answer.put("error_description", description);
        write(response, status, answer);
    }

    private static void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Json.mapper().writeValue(response.getOutputStream(), body);
    }

    /** The whole stream, or null if it is longer than {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            if (out.size() > limit) {
                return null;
            }
        }
        return out.toByteArray();
    }
}
