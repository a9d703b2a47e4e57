package ick.web.identity;

import ick.identity.SigningKeys;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /.well-known/jwks.json}: the public keys of ick's token issuer, for anyone verifying its tokens. */
@WebServlet("/.well-known/jwks.json")
public class JwksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient SigningKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/jwk-set+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.getOutputStream().write(keys.publicKeys().toString().getBytes(StandardCharsets.UTF_8));
    }
}
