package ick.web.api;

import ick.identity.ClientInfo;
import ick.identity.ClientService;
import ick.identity.Scopes;
import ick.problem.InvalidInputException;
import ick.protocol.ClientSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;

/** The token issuer's clients: who may get tokens, with which scopes. Secrets go in and never come out. */
@Path("/clients")
@Produces(MediaType.APPLICATION_JSON)
public class ClientResource {
    @Inject
    ClientService clients;

    /** {@code [{id, scopes}]}, by id. */
    @GET
    @RolesAllowed(Scopes.CLIENTS_GET)
    public List<ClientInfo> list() {
        return clients.list();
    }

    /** Creates the client (201) or gives it this secret and these scopes (200); the same again changes nothing. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.CLIENTS_ID_PUT)
    public Response put(@PathParam("id") String id, ClientSpec spec, @Context UriInfo uri) {
        if (spec == null) {
            throw new InvalidInputException("the body must be a client: {\"secret\": ..., \"scopes\": [...]}");
        }
        ClientService.Outcome outcome = clients.put(id, spec.secret(), spec.scopes());
        ClientInfo client = clients.find(id).orElseThrow();
        return outcome == ClientService.Outcome.CREATED
                ? Response.created(uri.getAbsolutePath()).entity(client).build()
                : Response.ok(client).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Scopes.CLIENTS_ID_DELETE)
    public void delete(@PathParam("id") String id) {
        clients.delete(id);
    }
}
