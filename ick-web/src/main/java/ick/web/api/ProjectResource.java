package ick.web.api;

import ick.problem.InvalidInputException;
import ick.project.ProjectService;
import ick.protocol.ProjectSpec;
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

/** Projects, one by one. */
@Path("/projects")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {
    @Inject
    ProjectService projects;

    @GET
    @RolesAllowed("uapi_projects_get")
    public List<ProjectSpec> list() {
        return projects.projects();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed("uapi_projects_id_get")
    public ProjectSpec get(@PathParam("name") String name) {
        return projects.project(name);
    }

    /** 201 when created, 200 when replaced. */
    @PUT
    @Path("/{name}")
    @RolesAllowed("uapi_projects_id_put")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, ProjectSpec spec, @Context UriInfo uri) {
        if (spec == null) {
            throw new InvalidInputException("the body must be a project: {\"project\": NAME, ...}");
        }
        boolean created = projects.putProject(name, spec);
        ProjectSpec stored = projects.project(name);
        return created ? Response.created(uri.getAbsolutePath()).entity(stored).build() : Response.ok(stored).build();
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed("uapi_projects_id_delete")
    public Response delete(@PathParam("name") String name) {
        projects.deleteProject(name);
        return Response.noContent().build();
    }
}
