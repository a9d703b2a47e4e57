package ick.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anything else. A known failure wrapped in something else gets its own answer; the rest is logged with its
 * stack trace under a reference, and the client gets 500 with that reference and no internals.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        return KnownFailures.answer(e).orElseGet(() -> {
            String reference = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "request failed (reference " + reference + ")", e);
            return Problems.of(500, "internal error; the controller's log has the details under reference "
                    + reference);
        });
    }
}
