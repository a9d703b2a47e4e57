package ick.web.api;

import ick.protocol.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds the RFC 7807 responses of the API. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Response of(int status, String detail) {
        return of(status, detail, null);
    }

    static Response of(int status, String detail, List<String> errors) {
        return builder(status, detail, errors).build();
    }

    static Response.ResponseBuilder builder(int status, String detail, List<String> errors) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("about:blank", title(status), status, detail, null, errors));
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return status == 413 ? "Content Too Large" : "Error";
    }
}
