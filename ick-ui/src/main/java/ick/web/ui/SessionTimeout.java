package ick.web.ui;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Gives every session the idle timeout {@value #SETTING} (default {@value #DEFAULT} s): the session holds the
 * OIDC tokens, so once it expires the next page asks for a login again. web.xml's {@code session-timeout} is
 * whole minutes fixed in the WAR; this is a run-time setting (system property, or the environment variable
 * {@code ICK_UI_SESSION_TIMEOUT_SECONDS}), read when each session starts.
 */
@WebListener
public class SessionTimeout implements HttpSessionListener {
    static final String SETTING = "ick.ui.session-timeout-seconds";
    static final int DEFAULT = 1800;
    private static final Logger LOG = Logger.getLogger(SessionTimeout.class.getName());

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval(seconds());
    }

    static int seconds() {
        try {
            return ConfigProvider.getConfig().getOptionalValue(SETTING, Integer.class)
                    .filter(s -> s > 0).orElse(DEFAULT);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> SETTING + " is not a number of seconds (" + e.getMessage() + "); using " + DEFAULT);
            return DEFAULT;
        }
    }
}
