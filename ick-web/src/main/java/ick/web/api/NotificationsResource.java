package ick.web.api;

import ick.identity.Scopes;
import ick.notify.Outbox;
import ick.problem.InvalidInputException;
import ick.protocol.NotificationInfo;
import ick.protocol.NotificationState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Notifications of finished builds (e-mail, webhook) and how their delivery went, newest first. */
@Path("/notifications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {
    @Inject
    Outbox outbox;

    @Inject
    JsonWebToken token;

    @GET
    @RolesAllowed(Scopes.NOTIFICATIONS_GET)
    public List<NotificationInfo> list(@QueryParam("state") String state,
                                       @QueryParam("limit") @DefaultValue("50") int limit) {
        return outbox.list(state == null || state.isEmpty() ? null : parse(state), limit);
    }

    /**
     * Gives a failed notification one more attempt, due now (e.g. once the SMTP server is fixed): 200 with the
     * notification, pending again; 404 if there is none; 409 if it has not failed (still being tried, or sent).
     */
    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Scopes.NOTIFICATIONS_ID_RETRY_POST)
    public NotificationInfo retry(@PathParam("id") long id) {
        return outbox.retry(id, "client " + token.getSubject());
    }

    private static NotificationState parse(String state) {
        try {
            return NotificationState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state must be one of " + String.join(", ",
                    Arrays.stream(NotificationState.values()).map(NotificationState::json).toList()));
        }
    }
}
