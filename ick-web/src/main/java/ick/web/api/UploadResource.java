package ick.web.api;

import ick.blob.BlobService;
import ick.identity.Scopes;
import ick.protocol.BlobUpload;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Unfinished blob uploads: where to resume ({@code offset}), or drop one (not under {@code release-tag/} but by a
 * trusted worker, as with {@code PUT}).
 */
@Path("/uploads")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {
    @Inject
    BlobService blobs;

    @Inject
    JsonWebToken token;

    @GET
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_PUT)
    public BlobUpload get(@PathParam("name") String name) {
        return new BlobUpload(name, blobs.partialOffset(name));
    }

    @DELETE
    @Path("/{name: .+}")
    @RolesAllowed(Scopes.BLOBS_PUT)
    public Response delete(@PathParam("name") String name) {
        var refused = BlobResource.refusal(name, token);
        if (refused.isPresent()) {
            return refused.get();
        }
        blobs.deletePartial(name);
        return Response.noContent().build();
    }
}
