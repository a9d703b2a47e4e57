package ick.web.tls;

import ick.tls.Http01Challenges;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /.well-known/acme-challenge/{token}}: the key authorization of a pending HTTP-01 challenge
 * (RFC 8555 section 8.3), or 404 for a token no order of this controller is waiting for.
 */
@WebServlet(AcmeChallengeServlet.PATH + "*")
public class AcmeChallengeServlet extends HttpServlet {
    static final String PATH = "/.well-known/acme-challenge/";
    private static final long serialVersionUID = 1L;
    /** A token is base64url (RFC 8555 section 8.1). */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    @Inject
    transient Http01Challenges challenges;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        Optional<String> answer = TOKEN.matcher(token).matches() ? challenges.answer(token) : Optional.empty();
        response.setHeader("Cache-Control", "no-store");
        if (answer.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType("text/plain");
        response.setCharacterEncoding("US-ASCII");
        response.getOutputStream().write(answer.get().getBytes(StandardCharsets.US_ASCII));
    }
}
