package ick.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import ick.protocol.Json;
import ick.protocol.WorkerInfo;
import ick.protocol.WorkerRegistration;
import ick.identity.Scopes;
import ick.worker.Leases;
import ick.worker.WorkerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Workers announce themselves here; their name is their token's subject. */
@Path("/workers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {
    @Inject
    WorkerService workers;

    @Inject
    JsonWebToken token;

    @Inject
    Leases leases;

    /**
     * A worker registers as it starts, so it holds no action: what its name held before is taken from it (one
     * transaction each, as the lease sweeper does). The body is optional (a worker without labels may send
     * none), hence read by hand.
     */
    @POST
    @RolesAllowed("uapi_workers_post")
    public WorkerInfo register(String body) throws JsonProcessingException {
        WorkerRegistration registration = body == null || body.isBlank() ? null
                : Json.mapper().readValue(body, WorkerRegistration.class);
        String name = token.getSubject();
        Instant registeredAt = Instant.now();
        WorkerInfo registered = workers.register(name, registration == null ? List.of() : registration.labels(),
                Scopes.isTrusted(token.getGroups()));
        for (long held : leases.heldBefore(name, registeredAt)) {
            leases.restarted(held, name, registeredAt);
        }
        return registered;
    }

    @GET
    @RolesAllowed("uapi_workers_get")
    public List<WorkerInfo> list() {
        return workers.workers();
    }
}
