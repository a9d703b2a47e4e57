package ick.web.identity;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ErrorPage;
import jakarta.servlet.ServletContext;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Hooks ick's 401 handling into WildFly's web server (Undertow), where it has to be: authentication happens
 * before any servlet filter runs, and a deployment can add error pages only in web.xml or here. Registered in
 * {@code META-INF/services/io.undertow.servlet.ServletExtension}.
 */
public class BearerAuthExtension implements ServletExtension {
    private static final Logger LOG = Logger.getLogger(BearerAuthExtension.class.getName());
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        Optional<String> location = ConfigProvider.getConfig(deployment.getClassLoader())
                .getOptionalValue(KEY_LOCATION, String.class);
        Optional<VerifierKeyIds> keyIds = location.flatMap(VerifierKeyIds::forLocation);
        LOG.info(() -> "API tokens are verified with the keys at " + location.orElse("(not set)")
                + (keyIds.isPresent() ? "; tokens naming another key id get 401 at once" : ""));
        String contextPath = "/".equals(deployment.getContextPath()) ? "" : deployment.getContextPath();
        deployment.addOuterHandlerChainWrapper(next -> new BearerAuthHandler(next, contextPath, keyIds));
        deployment.addErrorPage(new ErrorPage(UnauthorizedServlet.PATH, 401));
    }
}
