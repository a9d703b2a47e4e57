package ick.web.tls;

import ick.tls.TlsService;
import jakarta.ejb.EJB;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.OptionalInt;

/**
 * Sends plain HTTP requests to HTTPS once the controller serves a certificate of its own (see
 * {@link TlsService#redirectPort()}; {@code ick.tls.redirect-http=false} turns it off), except the ACME
 * challenges, which the CA fetches over plain HTTP. GET and HEAD get 301; other methods 308, so that a
 * client repeats its method and body at the new address.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true) // long polls and SSE need the whole chain async
public class HttpsRedirectFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @EJB
    transient TlsService tls;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure() || request.getRequestURI().startsWith(request.getContextPath() + AcmeChallengeServlet.PATH)) {
            chain.doFilter(request, response);
            return;
        }
        OptionalInt port = tls.redirectPort();
        if (port.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        String location = "https://" + host(request.getServerName()) + (port.getAsInt() == 443 ? "" : ":" + port.getAsInt())
                + request.getRequestURI() + query;
        boolean safe = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        response.setStatus(safe ? HttpServletResponse.SC_MOVED_PERMANENTLY : 308);
        response.setHeader("Location", location);
    }

    private static String host(String name) {
        return name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }
}
