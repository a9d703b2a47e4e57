package ick.web.api;

import ick.problem.InvalidInputException;
import ick.project.ProjectService;
import ick.protocol.PipelineSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Pipelines, one by one. Deleting one that a project names is refused (409). */
@Path("/pipelines")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PipelineResource {
    @Inject
    ProjectService projects;

    @GET
    @RolesAllowed("uapi_pipelines_get")
    public List<PipelineSpec> list() {
        return projects.pipelines();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed("uapi_pipelines_id_get")
    public PipelineSpec get(@PathParam("name") String name) {
        return projects.pipeline(name);
    }

    /** 201 when created, 200 when replaced. */
    @PUT
    @Path("/{name}")
    @RolesAllowed("uapi_pipelines_id_put")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, PipelineSpec spec, @Context UriInfo uri) {
        if (spec == null) {
            throw new InvalidInputException("the body must be a pipeline: {\"pipeline\": NAME, ...}");
        }
        boolean created = projects.putPipeline(name, spec);
        PipelineSpec stored = projects.pipeline(name);
        return created ? Response.created(uri.getAbsolutePath()).entity(stored).build() : Response.ok(stored).build();
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed("uapi_pipelines_id_delete")
    public Response delete(@PathParam("name") String name) {
        projects.deletePipeline(name);
        return Response.noContent().build();
    }
}
