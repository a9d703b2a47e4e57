package ick.web.api;

import ick.apt.AptService;
import ick.identity.Scopes;
import ick.protocol.AptRepository;
import ick.protocol.AptUpload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The APT repository: what its suites hold, and uploads into a suite. The repository itself is served
 * read-only at {@code /apt/}, outside the API (wildfly-config/apt.cli). An upload body is limited to
 * {@code ick.apt.max-upload-bytes} ({@link BodySizeLimit}) and streamed to disk, never held in memory.
 */
@Path("/apt")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AptResource {
    public static final String TAR = "application/x-tar";

    @EJB
    AptService apt;

    @GET
    @RolesAllowed(Scopes.APT_GET)
    public AptRepository repository() {
        return apt.repository();
    }

    /** A tar of one signed .changes and the files it lists; 201 with what the suite now has. */
    @POST
    @Path("/{suite}/uploads")
    @Consumes(TAR)
    @RolesAllowed(Scopes.APT_UPLOADS_POST)
    public Response upload(@PathParam("suite") String suite, InputStream body, @Context UriInfo uri)
            throws IOException {
        AptUpload upload = apt.upload(suite, body);
        URI index = uri.getBaseUriBuilder().replacePath("/apt/dists/{suite}/InRelease").build(upload.suite());
        return Response.created(index).entity(upload).build();
    }
}
