package ick.web.api;

import ick.protocol.VersionInfo;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Properties;

/** What this controller is and where its token endpoint is; readable without a token. */
@Path("/version")
@ApplicationScoped
public class VersionResource {
    /** Written by Maven into the EJB module's jar. */
    private static final String VERSION_PROPERTIES = "/ick/version.properties";

    private final String version = readVersion();

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public VersionInfo version(@Context UriInfo uri) {
        URI api = uri.getBaseUri();
        String apiUrl = api.toString().replaceAll("/+$", "");
        String root = apiUrl.replaceFirst("/api/v1$", "");
        return new VersionInfo("ick", version, apiUrl, root + "/token");
    }

    private static String readVersion() {
        try (InputStream in = ick.project.Names.class.getResourceAsStream(VERSION_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
