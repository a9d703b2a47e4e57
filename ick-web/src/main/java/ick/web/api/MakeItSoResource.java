package ick.web.api;

import ick.problem.InvalidInputException;
import ick.project.ProjectService;
import ick.protocol.MakeItSoResult;
import ick.protocol.ProjectFile;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code make-it-so}: stores a project file's projects and pipelines, all or nothing. */
@Path("/make-it-so")
@RequestScoped
public class MakeItSoResource {
    @Inject
    ProjectService projects;

    @POST
    @RolesAllowed("uapi_make_it_so_post")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public MakeItSoResult makeItSo(ProjectFile file) {
        if (file == null) {
            throw new InvalidInputException("the body must be a project file: {\"projects\": [...], \"pipelines\": [...]}");
        }
        return projects.makeItSo(file);
    }
}
