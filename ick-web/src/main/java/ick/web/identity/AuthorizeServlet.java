package ick.web.identity;

import ick.identity.LoginService;
import ick.identity.LoginSettings;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /authorize}: the login page of ick's issuer (OAuth2 authorization endpoint, RFC 6749 4.1.1, with PKCE
 * required). GET shows the form; POST checks the password and sends the browser back to the client with a
 * one-time code. A request from an unknown client or for a redirect URI it may not use is answered here with
 * 400 and never redirected. The page is plain HTML written here: it must work before any session exists and
 * without the UI's Faces runtime.
 */
@WebServlet(AuthorizeServlet.PATH)
public class AuthorizeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/authorize";
    private static final String[] CARRIED = {"response_type", "client_id", "redirect_uri", "state", "code_challenge",
            "code_challenge_method", "nonce", "scope"};

    @Inject
    transient LoginService logins;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (checked(request, response)) {
            page(request, response, 200, null);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setCharacterEncoding("UTF-8");
        if (!checked(request, response)) {
            return;
        }
        Optional<String> code = logins.login(request.getParameter("username"), request.getParameter("password"),
                request.getParameter("client_id"), request.getParameter("redirect_uri"),
                request.getParameter("code_challenge"), request.getParameter("nonce"));
        if (code.isEmpty()) {
            page(request, response, 401, "Wrong user name or password.");
            return;
        }
        redirect(request, response, "code=" + encode(code.get()));
    }

    /** Whether the request may be answered with a login form; if not, the answer has been sent. */
    private boolean checked(HttpServletRequest request, HttpServletResponse response) throws IOException {
        for (String name : CARRIED) {
            if (request.getParameterValues(name) != null && request.getParameterValues(name).length > 1) {
                badRequest(response, name + " given more than once");
                return false;
            }
        }
        LoginSettings settings = logins.settings();
        if (!settings.allows(request.getParameter("client_id"), request.getParameter("redirect_uri"))) {
            badRequest(response, "unknown client_id, or a redirect_uri that client may not use");
            return false;
        }
        if (!"code".equals(request.getParameter("response_type"))) {
            redirect(request, response, "error=unsupported_response_type");
            return false;
        }
        String challenge = request.getParameter("code_challenge");
        if (challenge == null || challenge.length() < 43 || challenge.length() > 128
                || !"S256".equals(request.getParameter("code_challenge_method"))) {
            redirect(request, response, "error=invalid_request&error_description="
                    + encode("PKCE is required: code_challenge with code_challenge_method=S256"));
            return false;
        }
        return true;
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String query) {
        String uri = request.getParameter("redirect_uri");
        String state = request.getParameter("state");
        response.setStatus(303);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Location", uri + (uri.contains("?") ? "&" : "?") + query
                + (state == null ? "" : "&state=" + encode(state)));
    }

    private static void badRequest(HttpServletResponse response, String why) throws IOException {
        response.setStatus(400);
        PrintWriter out = start(response);
        out.print("<h1>Cannot log in</h1><p>" + escape(why) + ".</p></main></body></html>");
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        response.setStatus(status);
        PrintWriter out = start(response);
        out.print("<h1>Log in to ick</h1>");
        if (error != null) {
            out.print("<p class=\"error\" role=\"alert\">" + escape(error) + "</p>");
        }
        out.print("<form method=\"post\" action=\"" + escape(request.getContextPath() + PATH) + "\">");
        for (String name : CARRIED) {
            String value = request.getParameter(name);
            if (value != null) {
                out.print("<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">");
            }
        }
        String user = request.getParameter("username");
        out.print("<label>User name <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus value=\""
                + escape(user == null ? "" : user) + "\"></label>");
        out.print("<label>Password <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>");
        out.print("<button id=\"login\" type=\"submit\">Log in</button></form></main></body></html>");
    }

    private static PrintWriter start(HttpServletResponse response) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ick: log in</title><style>"
                + "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}"
                + "main{max-width:22rem;margin:4rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px #0002}"
                + "h1{font-size:1.3rem}label{display:block;margin:.8rem 0}input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.3rem;font-size:1rem}"
                + "button{padding:.5rem 1.2rem;font-size:1rem;background:#2456a6;color:#fff;border:0;border-radius:4px}.error{color:#a3171f}"
                + "</style></head><body><main>");
        return out;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
