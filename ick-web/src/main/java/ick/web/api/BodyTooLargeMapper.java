package ick.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body over the limit, found while reading it: 413. */
@Provider
public class BodyTooLargeMapper implements ExceptionMapper<BodyTooLargeException> {
    @Override
    public Response toResponse(BodyTooLargeException e) {
        return Problems.of(413, e.getMessage());
    }
}
