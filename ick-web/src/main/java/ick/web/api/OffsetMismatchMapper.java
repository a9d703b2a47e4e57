package ick.web.api;

import ick.blob.OffsetMismatchException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An upload part that does not start where the held partial ends: 409, with where to resume. */
@Provider
public class OffsetMismatchMapper implements ExceptionMapper<OffsetMismatchException> {
    @Override
    public Response toResponse(OffsetMismatchException e) {
        return Problems.builder(409, e.getMessage(), null).header(BlobResource.UPLOAD_OFFSET, e.offset()).build();
    }
}
