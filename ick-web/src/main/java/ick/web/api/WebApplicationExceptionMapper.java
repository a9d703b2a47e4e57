package ick.web.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The JAX-RS runtime's own refusals (unknown path 404, 405, 406, 415...) as problems, keeping their headers
 * (Allow, WWW-Authenticate); a wrapped failure ick knows (e.g. bad JSON) gets its own answer.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        if (e.getCause() != null) {
            var known = KnownFailures.answer(e.getCause());
            if (known.isPresent()) {
                return known.get();
            }
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (e instanceof NotFoundException && e.getCause() instanceof IllegalArgumentException) {
            // JAX-RS answers 404 when a path or query parameter does not convert (?wait=x): the path exists,
            // the value is wrong. The message names the parameter and the value.
            return Problems.of(400, "a parameter of the request is not of its type: " + e.getMessage());
        }
        Response.ResponseBuilder answer = Problems.builder(status, detail(status), null);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> answer.header(name, v));
            }
        });
        return answer.build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not take that method";
            case 406 -> "this resource cannot answer in the media type asked for";
            case 415 -> "this resource does not take a body of that media type";
            case 401 -> "a valid bearer token is needed";
            case 403 -> "the token does not allow this call";
            default -> Problems.title(status);
        };
    }
}
