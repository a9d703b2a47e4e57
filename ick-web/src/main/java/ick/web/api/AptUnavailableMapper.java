package ick.web.api;

import ick.apt.AptUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The APT repository cannot work now (a tool missing, failing or too slow): 503, with the reason. */
@Provider
public class AptUnavailableMapper implements ExceptionMapper<AptUnavailableException> {
    @Override
    public Response toResponse(AptUnavailableException e) {
        return Problems.builder(503, e.getMessage(), null).header("Retry-After", "60").build();
    }
}
