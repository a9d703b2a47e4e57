package ick.web.identity;

import ick.protocol.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;

/**
 * 403 as problem+json. RESTEasy refuses a call whose {@code @RolesAllowed} scope the token lacks with a
 * {@link ForbiddenException} carrying an HTML text; this says instead which scope the call needs.
 */
@Provider
public class ForbiddenMapper implements ExceptionMapper<ForbiddenException> {
    @Context
    ResourceInfo resource;

    @Context
    SecurityContext security;

    @Override
    public Response toResponse(ForbiddenException e) {
        return Response.status(403)
                .type("application/problem+json")
                .entity(new Problem("about:blank", "Forbidden", 403, detail(), null, null))
                .build();
    }

    private String detail() {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed roles = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (roles == null && resource != null && resource.getResourceClass() != null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        if (roles == null || roles.value().length == 0 || hasAny(roles.value())) {
            return "the token does not allow this call";
        }
        return "this call needs a token with scope " + String.join(" or ", roles.value());
    }

    private boolean hasAny(String[] roles) {
        for (String role : roles) {
            if (security != null && security.isUserInRole(role)) {
                return true;
            }
        }
        return false;
    }
}
