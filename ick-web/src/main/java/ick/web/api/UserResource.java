package ick.web.api;

import ick.identity.ClientService;
import ick.identity.Scopes;
import ick.identity.UserInfo;
import ick.identity.UserService;
import ick.problem.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The people who log in to the web UI. Administering them is administering identities, as with clients, so
 * it takes the scope that creates clients.
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
    /** The body of {@code PUT /users/{name}}: the password (8 to 1024 characters) and role (viewer or admin). */
    public record UserSpec(String password, String role) {
        @Override
        public String toString() {
            return "UserSpec[role=" + role + "]"; // never the password
        }
    }

    @Inject
    UserService users;

    /** Creates the user (201) or gives it this password and role (200); answers {@code {name, role}}. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.CLIENTS_ID_PUT)
    public Response put(@PathParam("name") String name, UserSpec spec, @Context UriInfo uri) {
        if (spec == null) {
            throw new InvalidInputException("the body must be a user: {\"password\": ..., \"role\": \"viewer\" or \"admin\"}");
        }
        ClientService.Outcome outcome = users.put(name, spec.password(), spec.role());
        UserInfo user = users.find(name).orElseThrow();
        return outcome == ClientService.Outcome.CREATED
                ? Response.created(uri.getAbsolutePath()).entity(user).build()
                : Response.ok(user).build();
    }
}
