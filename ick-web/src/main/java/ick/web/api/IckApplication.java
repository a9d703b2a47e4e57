package ick.web.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The JAX-RS API, version 1. Every call is authenticated by a bearer JWT (MicroProfile JWT). */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
public class IckApplication extends Application {
}
