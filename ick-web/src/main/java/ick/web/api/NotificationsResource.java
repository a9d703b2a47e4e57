package ick.web.api;

import ick.notify.Outbox;
import ick.problem.InvalidInputException;
import ick.protocol.NotificationInfo;
import ick.protocol.NotificationState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Notifications of finished builds (e-mail, webhook) and how their delivery went, newest first. */
@Path("/notifications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {
    @Inject
    Outbox outbox;

    @GET
    @RolesAllowed("uapi_notifications_get")
    public List<NotificationInfo> list(@QueryParam("state") String state,
                                       @QueryParam("limit") @DefaultValue("50") int limit) {
        return outbox.list(state == null || state.isEmpty() ? null : parse(state), limit);
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
