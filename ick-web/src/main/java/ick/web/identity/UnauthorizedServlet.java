package ick.web.identity;

import ick.protocol.Json;
import ick.protocol.Problem;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of every 401: RFC 6750's challenge, {@code WWW-Authenticate: Bearer realm="ick"} (with
 * {@code error="invalid_token"} when a token was sent), and an RFC 7807 problem instead of the server's HTML.
 * Only reached by error dispatch ({@link BearerAuthExtension} registers it); asked for directly, it is not found.
 */
@WebServlet(UnauthorizedServlet.PATH)
public class UnauthorizedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/_ick/unauthorized";
    /** A request attribute: what was wrong with the token, when it is known. */
    static final String DETAIL = "ick.identity.unauthorized.detail";
    /** A request attribute: a token was sent but taken away before authentication. */
    static final String TOKEN_REJECTED = "ick.identity.unauthorized.token-rejected";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            response.sendError(404);
            return;
        }
        boolean tokenSent = BearerAuthHandler.bearerToken(request.getHeader("Authorization")) != null
                || request.getAttribute(TOKEN_REJECTED) != null;
        String detail = (String) request.getAttribute(DETAIL);
        if (detail == null) {
            detail = tokenSent
                    ? "the bearer token is not valid: expired, not yet valid, for another issuer or audience, or not signed by a trusted key"
                    : "this call needs a bearer token (Authorization: Bearer ...); get one from POST /token";
        }
        response.setStatus(401);
        response.setHeader("WWW-Authenticate", tokenSent
                ? "Bearer realm=\"ick\", error=\"invalid_token\""
                : "Bearer realm=\"ick\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Json.mapper().writeValue(response.getOutputStream(),
                new Problem("about:blank", "Unauthorized", 401, detail, null, null));
    }
}
