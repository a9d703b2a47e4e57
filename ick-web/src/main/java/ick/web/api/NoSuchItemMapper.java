package ick.web.api;

import ick.problem.NoSuchItemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A project, pipeline, build... that does not exist: 404. */
@Provider
public class NoSuchItemMapper implements ExceptionMapper<NoSuchItemException> {
    @Override
    public Response toResponse(NoSuchItemException e) {
        return Problems.of(404, e.getMessage());
    }
}
