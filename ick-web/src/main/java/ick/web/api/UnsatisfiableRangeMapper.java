package ick.web.api;

import ick.blob.UnsatisfiableRangeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A Range wholly past the end of the blob: 416 with {@code Content-Range: bytes *}{@code /SIZE}. */
@Provider
public class UnsatisfiableRangeMapper implements ExceptionMapper<UnsatisfiableRangeException> {
    @Override
    public Response toResponse(UnsatisfiableRangeException e) {
        return Problems.builder(416, e.getMessage(), null).header("Content-Range", "bytes */" + e.size()).build();
    }
}
