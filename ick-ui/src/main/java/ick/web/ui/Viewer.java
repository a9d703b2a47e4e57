package ick.web.ui;

import ick.identity.UserRole;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.IOException;

/** The person looking at the UI: name, whether an admin, and logging out. */
@Named
@RequestScoped
public class Viewer {
    public String getName() {
        var principal = FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal();
        return principal == null ? "" : principal.getName();
    }

    public boolean isAdmin() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(UserRole.ADMIN_ROLE);
    }

    /**
     * Ends the session, which holds the OIDC tokens: the next page asks for a login again. (ick's issuer keeps
     * no session of its own; with an external provider, its own session may log the person straight back in.)
     */
    public void logout() throws IOException {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        context.invalidateSession();
        context.redirect(context.getRequestContextPath() + "/logged-out.html");
    }

    /** Refuses a change to anyone but an admin (the buttons are not shown to others; this is for forged posts). */
    static void requireAdmin() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        if (!faces.getExternalContext().isUserInRole(UserRole.ADMIN_ROLE)) {
            faces.getExternalContext().responseSendError(403, "admins only");
            faces.responseComplete();
            throw new SecurityException("not an admin");
        }
    }
}
