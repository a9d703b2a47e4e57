package ick.web.api;

import ick.apt.UploadForbiddenException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An APT upload not signed by an uploader key: 403 (the token may upload, this upload may not go in). */
@Provider
public class UploadForbiddenMapper implements ExceptionMapper<UploadForbiddenException> {
    @Override
    public Response toResponse(UploadForbiddenException e) {
        return Problems.of(403, e.getMessage());
    }
}
