package ick.web.api;

import ick.blob.UploadBusyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A second upload of a blob while one is in progress: 409. */
@Provider
public class UploadBusyMapper implements ExceptionMapper<UploadBusyException> {
    @Override
    public Response toResponse(UploadBusyException e) {
        return Problems.of(409, e.getMessage());
    }
}
