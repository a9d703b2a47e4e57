package ick.web.ui;

import ick.identity.UserRole;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers 403 to a form post that changes something (a form whose id starts with {@value #PREFIX}) from
 * someone who is not an admin. Faces alone would silently ignore a button it did not render for a viewer;
 * a forged post deserves a clear refusal, before any Faces processing.
 */
@WebFilter("*.xhtml")
public class AdminFormsFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "admin";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("POST".equals(request.getMethod()) && !request.isUserInRole(UserRole.ADMIN_ROLE)
                && request.getParameterMap().keySet().stream().anyMatch(name -> name.startsWith(PREFIX))) {
            response.sendError(403, "admins only");
            return;
        }
        chain.doFilter(request, response);
    }
}
