package ick.web.api;

import ick.problem.InvalidInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Input that breaks ick's rules: 400, with every fault in {@code errors}. */
@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInputException> {
    @Override
    public Response toResponse(InvalidInputException e) {
        return Problems.of(400, e.getMessage(), e.errors());
    }
}
