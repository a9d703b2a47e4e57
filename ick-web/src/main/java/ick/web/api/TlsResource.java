package ick.web.api;

import ick.protocol.TlsStatus;
import ick.tls.TlsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The controller's HTTPS certificate: its state, and a renewal on demand. */
@Path("/tls")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TlsResource {
    @EJB
    TlsService tls;

    @GET
    @RolesAllowed("uapi_tls_get")
    public TlsStatus status() {
        return tls.status();
    }

    /** Orders a certificate now and answers when the order ended (its outcome is in the status); 409 if ACME is off. */
    @POST
    @Path("/renew")
    @RolesAllowed("uapi_tls_renew_post")
    public TlsStatus renew() throws InterruptedException {
        return tls.renew();
    }
}
