package ick.web.api;

import ick.blob.DigestMismatchException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Uploaded content whose SHA-256 is not the one the Digest header gave: 400, nothing kept. */
@Provider
public class DigestMismatchMapper implements ExceptionMapper<DigestMismatchException> {
    @Override
    public Response toResponse(DigestMismatchException e) {
        return Problems.of(400, e.getMessage());
    }
}
