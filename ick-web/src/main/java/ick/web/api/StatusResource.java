package ick.web.api;

import ick.build.BuildService;
import ick.protocol.StatusInfo;
import ick.worker.WorkerService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The controller at a glance. */
@Path("/status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    @Inject
    BuildService builds;

    @Inject
    WorkerService workers;

    @GET
    @RolesAllowed("uapi_status_get")
    public StatusInfo status() {
        return new StatusInfo(builds.projectStatus(), builds.running(), workers.workers());
    }
}
