package ick.web.identity;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Headers;
import java.util.Optional;

/**
 * Runs around WildFly's security handling of every API request and turns the two failures MicroProfile JWT
 * reports badly into a plain 401 (whose body and challenge {@link UnauthorizedServlet} writes): a token signed
 * by a key the verifier does not know, which smallrye-jwt answers with 500, is taken away from the request
 * before it gets there when the verifier's keys are known (so the call is anonymous, and a protected resource
 * answers 401); and any 500 that authentication itself produced for a bearer token
 * (an unknown key at an external provider, keys that cannot be fetched) becomes 401, since the caller is, in
 * the end, not authenticated.
 */
final class BearerAuthHandler implements HttpHandler {
    static final String API_PREFIX = "/api/";
    private final HttpHandler next;
    private final String contextPath;
    private final Optional<VerifierKeyIds> keyIds;

    BearerAuthHandler(HttpHandler next, String contextPath, Optional<VerifierKeyIds> keyIds) {
        this.next = next;
        this.contextPath = contextPath;
        this.keyIds = keyIds;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String token = bearerToken(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        if (token == null || !exchange.getRequestPath().startsWith(contextPath + API_PREFIX)) {
            next.handleRequest(exchange);
            return;
        }
        ServletRequestContext src = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
        if (keyIds.isPresent() && keyIds.get().isUnknownKey(token)) {
            // Not answered here: the request must pass WildFly's security handling, which sets up what the
            // error page needs. Without the token it is anonymous, so a protected resource answers 401.
            exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
            src.getServletRequest().setAttribute(UnauthorizedServlet.TOKEN_REJECTED, Boolean.TRUE);
            src.getServletRequest().setAttribute(UnauthorizedServlet.DETAIL, "the token is signed by a key this server does not know");
        }
        next.handleRequest(exchange);
        if (src.getErrorCode() == 500 && src.getOriginalRequest().getUserPrincipal() == null
                && src.getServletRequest().getAttribute("jakarta.servlet.error.exception") == null) {
            src.getServletRequest().setAttribute(UnauthorizedServlet.DETAIL, "no key this server trusts can verify the token");
            src.setError(401, null);
            exchange.setStatusCode(401);
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
