package ick.web.api;

import ick.build.BuildService;
import ick.problem.InvalidInputException;
import ick.protocol.BuildInfo;
import ick.protocol.BuildState;
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

/** Builds of every project, newest first. */
@Path("/builds")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BuildsResource {
    @Inject
    BuildService builds;

    @GET
    @RolesAllowed("uapi_builds_get")
    public List<BuildInfo> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") int limit) {
        return builds.builds(state == null || state.isEmpty() ? null : parse(state), limit);
    }

    private static BuildState parse(String state) {
        try {
            return BuildState.of(state);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state must be one of " + String.join(", ",
                    Arrays.stream(BuildState.values()).map(BuildState::json).toList()));
        }
    }
}
